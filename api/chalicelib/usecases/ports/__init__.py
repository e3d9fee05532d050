"""The ports: what the use cases need from the world, as typing.Protocols (storage.py) and
the plain values exchanged through them (records.py). Use cases import these, never an
adapter; the composition root (chalicelib/bootstrap.py) wires adapters into them."""
