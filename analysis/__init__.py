"""framing-study: whose voices a news article carries, and how it frames an event."""

import os

__version__ = "0.1.0"

# oneDNN (torch's CPU kernels) keeps a compiled kernel for every tensor shape it meets, up to 1,024
# of them; paragraphs of every length make every shape, and the cache grew a scoring process by
# about 700 MB over 10,000 paragraphs. 32 kernels keep the speed (measured with framing score on
# 10,000 paragraphs: 256 s and 1.85 GB peak by default, 263 s and 1.17 GB at 32, 370 s at 8).
# Read when torch first builds a kernel, so it is set here, before any import of torch; a value the
# user set wins.
os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "32")
