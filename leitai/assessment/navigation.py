"""The assessment app's menu entries: collection first (daily work), then the scheme."""

from leitai.assessment.navigation_collection import ENTRIES as COLLECTION
from leitai.assessment.navigation_scheme import ENTRIES as SCHEME

ENTRIES: list = [*COLLECTION, *SCHEME]
