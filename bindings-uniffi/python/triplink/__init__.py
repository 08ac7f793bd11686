"""triplink: the SAP Concur TripLink SDK for Python (a uniffi binding of the Rust core).

The whole API is the generated module ``triplink._uniffi.triplink_uniffi`` (typed, see
``py.typed``), re-exported here: ``from triplink import TriplinkClient, TriplinkSettings``.
IO methods are ``async`` (asyncio); the app supplies the HTTP as an ``HttpTransport``.
"""

from ._uniffi.triplink_uniffi import *  # noqa: F401,F403
from ._uniffi.triplink_uniffi import __all__ as __all__
