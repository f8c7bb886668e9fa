"""The assessment app's menu entries: collection first (daily work), then the scheme."""

from leitai.assessment.collection.navigation import ENTRIES as COLLECTION
from leitai.assessment.scheme.navigation import ENTRIES as SCHEME

ENTRIES: list = [*COLLECTION, *SCHEME]
