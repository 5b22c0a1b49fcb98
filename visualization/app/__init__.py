"""The policymaker web app (Solara): every lever a control, live results, probability on demand.

``serve()`` starts it; ``visualization.app.pages`` is the Solara app it serves.
"""

from visualization.app.server import serve

__all__ = ["serve"]
