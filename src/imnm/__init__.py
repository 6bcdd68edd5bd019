"""imnm: immune-mediated necrotising myopathy in children.

The clinic, the registry and the living literature review in one tool.
"""

__version__ = "0.1.0"
