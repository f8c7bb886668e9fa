"""Ranking notices (排名通报): content, body text, DOCX / PDF / XLSX renderers and services."""
