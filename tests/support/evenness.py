"""The evenness of a built PDF is the product's own measure now: samizdat.pdf.evenness."""

from samizdat.pdf.evenness import *  # noqa: F403
from samizdat.pdf.evenness import SPACES, body_lines, measure, read_chars  # noqa: F401
