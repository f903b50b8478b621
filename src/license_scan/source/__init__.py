"""Source layer: the only code that touches the network or the disk of a target."""
