"""Package initialisation helpers: pandas accessors and notebook magics."""
