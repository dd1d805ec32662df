"""Placeholder until the network helper lands the real module."""


class Network:
    pass
