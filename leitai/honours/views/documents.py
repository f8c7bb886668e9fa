"""Downloads of a draft: the decision (DOCX, PDF), the certificates (PDF), the grades (XLSX)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from leitai.honours import access, documents

KINDS = {
    "decision-docx": (
        documents.decision_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "表彰决定.docx",
    ),
    "decision-pdf": (documents.decision_pdf, "application/pdf", "表彰决定.pdf"),
    "certificates-pdf": (
        lambda draft: documents.certificates_pdf(documents.unit_certificates(draft)),
        "application/pdf",
        "荣誉证书.pdf",
    ),
    "grades-xlsx": (
        documents.grades_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "年度考核等次.xlsx",
    ),
}


@login_required
def download(request, draft_id, kind):
    """Render one document of a draft the person may see."""
    draft = access.draft_for_user(request.user, draft_id)
    if kind not in KINDS:
        raise Http404("not found")
    render, content_type, name = KINDS[kind]
    response = HttpResponse(render(draft), content_type=content_type)
    filename = f"{draft.year.year}-{draft.number}-{name}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
