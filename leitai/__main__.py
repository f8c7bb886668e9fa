import sys

from leitai.cli import main

sys.exit(main())
