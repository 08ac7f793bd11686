"""Syntax check of Kotlin files (the Android module's Gradle Kotlin DSL scripts) with
tree-sitter-kotlin: no Android SDK or Gradle exists on the build machines, so this is what CI
can check. Every file must parse with zero ERROR or MISSING nodes.
Usage: check_kotlin_syntax.py FILE.kts [FILE.kts ...]"""

import sys

import tree_sitter
import tree_sitter_kotlin


def bad_nodes(tree):
    bad, stack = [], [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            bad.append(node)
        stack.extend(node.children)
    return bad


def main(paths):
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_kotlin.language()))
    failed = 0
    for path in paths:
        text = open(path, encoding="utf-8").read()
        bad = bad_nodes(parser.parse(text.encode("utf-8")))
        lines = text.splitlines()
        for node in bad[:20]:
            row = node.start_point[0]
            print(f"  {path}:{row + 1}: {node.type}: {lines[row][:120] if row < len(lines) else ''}")
        if bad:
            print(f"FAIL Kotlin syntax: {len(bad)} ERROR/MISSING node(s) in {path}")
            failed += 1
        else:
            print(f"ok   Kotlin syntax: 0 ERROR nodes in {path} ({len(lines)} lines)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
