"""Every change to contests: `setup` (the contest, the draw, judges, recusals) and `live` (the
evening: stage, timer, score sheets, reveal, voids, finish). Import from the submodules."""
