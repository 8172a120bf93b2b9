"""Pure checking and building: drafts, alignment, ids, grounding, rule labels, assembly."""
