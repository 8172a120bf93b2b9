"""The reconcile suite: gold stories, reconcile over the fixtures' briefings, link scores."""
