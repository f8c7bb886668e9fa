"""Every change to collected data; import from the submodules."""
