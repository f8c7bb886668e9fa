"""Ranking notices (排名通报): model, state table, services, pages, API, and the renderers.

Named "ranking notices" to tell them from the key tasks' dispatch notices (leitai/tasks).
"""
