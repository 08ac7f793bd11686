"""Syntax check of the generated Swift bindings with tree-sitter-swift (no Swift compiler
exists on Debian 12): uniffi's `#if swift(>=5.8)` / `@_documentation(...)` / `#endif`
attribute blocks are blanked first, and the Void closure `{ () }` (valid Swift that uniffi emits
for foreign methods returning nothing) is written `{ _ in }` (the same closure) — tree-sitter-swift 0.7.4
cannot parse either form. Everything else must parse: zero ERROR or MISSING nodes. Usage: check_swift_syntax.py FILE.swift"""

import re
import sys

import tree_sitter
import tree_sitter_swift

BLOCK = re.compile(
    r"^[ \t]*#if swift\(>=5\.8\)\n[ \t]*@_documentation\(visibility: private\)\n[ \t]*#endif\n",
    re.M,
)

VOID_CLOSURE = re.compile(r"\{ \(\) \}")


def main(path: str) -> int:
    text = open(path, encoding="utf-8").read()
    blanked, blocks = BLOCK.subn("\n\n\n", text)
    blanked, voids = VOID_CLOSURE.subn("{ _ in }", blanked)
    print(f"     (blanked {blocks} #if swift(>=5.8) blocks, rewrote {voids} Void closures)")
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_swift.language()))
    tree = parser.parse(blanked.encode("utf-8"))
    bad = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            bad.append(node)
        stack.extend(node.children)
    for node in bad[:20]:
        line = node.start_point[0]
        print(f"  {path}:{line + 1}: {node.type}: {blanked.splitlines()[line][:120]}")
    lines = text.count("\n")
    if bad:
        print(f"FAIL Swift syntax: {len(bad)} ERROR/MISSING node(s) in {lines} lines")
        return 1
    print(f"ok   Swift syntax: 0 ERROR nodes in {lines} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
