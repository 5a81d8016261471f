"""One rerun over Streamlit's websocket protocol, as the browser-less benchmark tabs send it."""

from __future__ import annotations

import asyncio

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


async def rerun(ws, query: str, cached: set[str], timeout: float) -> None:
    """Ask for a rerun with ``query`` and read the answer up to ``script_finished``.

    ``cached`` names the large messages this tab already holds (the server then sends only their
    hash); those of this run are added to it, as a browser keeps them.
    """
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.cached_message_hashes.extend(sorted(cached))
    await ws.send(msg.SerializeToString())
    while True:
        fwd = ForwardMsg()
        fwd.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=timeout))
        if fwd.metadata.cacheable and fwd.hash:
            cached.add(fwd.hash)
        if fwd.WhichOneof("type") == "script_finished":
            return
