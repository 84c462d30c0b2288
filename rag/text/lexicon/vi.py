"""Vietnamese words, by what they are (see `rag.text.lexicon`)."""

from __future__ import annotations

# -- question words ------------------------------------------------------------------------------

# -- numbers, units and quantities ---------------------------------------------------------------

# -- dates and times -----------------------------------------------------------------------------

# -- people: titles, offices, roles --------------------------------------------------------------

# -- places and organisations --------------------------------------------------------------------

# -- function words, stop words, name connectors -------------------------------------------------

# -- conversation: follow-ups, references, ellipses ----------------------------------------------
