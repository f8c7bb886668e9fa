"""Every change to the scheme and the collected data; import from the submodules."""
