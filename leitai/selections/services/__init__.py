"""Every change of selections: one `@service` each, one audit row each.

`setup`: the selection, its titles and clearance offices, its calendar steps, voting codes;
`nominations`: nominating, signing, clearance, the shortlist and 公示, objections, revocation;
`votes`: casting a vote, the committee's scores, the close of the vote.
"""

from leitai.selections.services.nominations import (
    nomination_clear,
    nomination_revoke,
    nomination_save,
    nomination_sign,
    objection_handle,
    objection_submit,
    selection_publish,
)
from leitai.selections.services.setup import (
    clearance_office_save,
    selection_create,
    selection_step,
    voter_codes_create,
)
from leitai.selections.services.votes import (
    committee_scores_save,
    selection_open_vote,
    vote_cast,
    vote_close,
)

__all__ = [
    "clearance_office_save",
    "committee_scores_save",
    "nomination_clear",
    "nomination_revoke",
    "nomination_save",
    "nomination_sign",
    "objection_handle",
    "objection_submit",
    "selection_create",
    "selection_open_vote",
    "selection_publish",
    "selection_step",
    "vote_cast",
    "vote_close",
    "voter_codes_create",
]
