"""Report: render the one result model; reporters never fetch or classify."""
