"""The dependency tree: what a repo derives from, was trained on, and runs code from (issue 4).

relations: what one snapshot references (pure); walk: fetch the tree, each repo
once; inherit: effective terms bottom-up and the findings of laundered licenses.
"""
