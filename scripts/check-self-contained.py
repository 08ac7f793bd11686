"""Fails when a tracked file refers to a path outside the repository.

A fresh clone has nothing beside it: no `shared/` folder with the specs, no sibling checkout.
This guard reads every tracked text file and reports each reference that leaves the
repository: a path through a sibling `shared/` folder (one or more `..` steps then
`shared`, or `shared/spec/…`, `shared/seeds/…`), an absolute path into the machine's work folder, or a relative `../…`
path that climbs above the repository root both from the file's own folder and from its
package's folder (the nearest one holding a Cargo.toml or package.json, which is what
`CARGO_MANIFEST_DIR` and `import.meta.url` joins start from).

Usage:
  python3 scripts/check-self-contained.py [REPO]   check REPO (default: this repository)
  python3 scripts/check-self-contained.py --self-test
                                                   prove the guard fails on a bad file and
                                                   passes a good one (scratch repositories)
"""
import os
import re
import subprocess
import sys
import tempfile

# This file names the patterns it looks for, so it is the one file not checked.
SELF = 'scripts/check-self-contained.py'
OUTSIDE = [
    (re.compile(r'(?:\.\./)+shared\b'), 'a path into a `shared/` folder beside the repository'),
    (re.compile(r'''['"]\.\.['"]\s*,\s*['"]shared['"]'''), 'a path joined into a `shared/` folder beside the repository'),
    (re.compile(r'\bshared/(?:spec|seeds)/'), 'the shared specs or seeds beside the repository'),
    (re.compile(r'\bshared/(?:design|toolchain)\.md\b'), 'a shared document beside the repository'),
    (re.compile(r'(?<![\w.])/work/[\w.-]+'), 'an absolute path into the machine\'s work folder'),
]
RELATIVE = re.compile(r'(?<![\w./-])((?:\.\./)+)([\w@][\w./@-]*)?')
PACKAGE_FILES = ('Cargo.toml', 'package.json')
# The self-test writes bad references into scratch repositories; spelled in parts here so this
# file itself holds no reference outside the repository for other tools to find.
SIBLING = 'shared'


def tracked_files(repo):
    out = subprocess.run(['git', '-C', repo, 'ls-files', '-z'], check=True, capture_output=True)
    return [p for p in out.stdout.decode().split('\0') if p]


def read_text(path):
    with open(path, 'rb') as f:
        data = f.read()
    if b'\0' in data:
        return None
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError:
        return None


def package_dir(repo, rel):
    """The nearest folder at or above the file's holding a package manifest (else the root)."""
    d = os.path.dirname(rel)
    while d:
        if any(os.path.exists(os.path.join(repo, d, m)) for m in PACKAGE_FILES):
            return d
        d = os.path.dirname(d)
    return ''


def climbs_out(base, ups):
    """True when `ups` levels of `..` from folder `base` (relative to the root) leave it."""
    depth = len([p for p in base.split('/') if p])
    return ups > depth


def problems(repo):
    found = []
    for rel in tracked_files(repo):
        if rel == SELF or os.path.islink(os.path.join(repo, rel)):
            continue
        text = read_text(os.path.join(repo, rel))
        if text is None:
            continue
        bases = {os.path.dirname(rel), package_dir(repo, rel)}
        for n, line in enumerate(text.splitlines(), 1):
            for pattern, why in OUTSIDE:
                m = pattern.search(line)
                if m:
                    found.append(f'{rel}:{n}: {why}: {m.group(0)!r}')
            for m in RELATIVE.finditer(line):
                ups = m.group(1).count('../')
                if all(climbs_out(b, ups) for b in bases):
                    found.append(f'{rel}:{n}: a relative path that leaves the repository: {m.group(0)!r}')
    return found


def check(repo):
    found = problems(repo)
    for line in found:
        print(line)
    if found:
        print(f'check-self-contained: {len(found)} reference(s) outside the repository; '
              'copy what the build or tests read into the repository instead')
        return 1
    print('check-self-contained: no tracked file refers outside the repository')
    return 0


def scratch_repo(files):
    d = tempfile.mkdtemp(prefix='triplink-guard-')
    for rel, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(d, rel)) or d, exist_ok=True)
        with open(os.path.join(d, rel), 'w', encoding='utf-8') as f:
            f.write(text)
    subprocess.run(['git', 'init', '-q', d], check=True)
    subprocess.run(['git', '-C', d, 'add', '-A'], check=True)
    return d


def self_test():
    good = {
        'Cargo.toml': '[workspace]\n',
        'core/Cargo.toml': '[package]\n',
        'core/tests/x.rs': 'let p = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/a.xsd");\n',
        'bindings/Cargo.toml': 'core = { path = "../core" }\n',
        'examples/page/server.mjs': "import x from '../../bindings/x.mjs';\n",
    }
    bad_cases = {
        'core/tests/y.rs': f'join("../../{SIBLING}/spec/itinerary-v1/patched")\n',
        'scripts/gen.py': f"XSD = os.path.join(ROOT, '..', '{SIBLING}', 'spec', 'x.xsd')\n",
        'core/tests/z.rs': 'let p = "../../../elsewhere/file.json";\n',
        'docs/notes.md': f'see /work/{SIBLING}/design.md\n',
    }
    failures = []
    clean = problems(scratch_repo(good))
    if clean:
        failures.append('a repository with only inside references was refused: ' + '; '.join(clean))
    for rel, text in bad_cases.items():
        if not problems(scratch_repo({**good, rel: text})):
            failures.append(f'{rel} ({text.strip()!r}) was not reported')
    for f in failures:
        print('self-test:', f)
    if failures:
        return 1
    print(f'check-self-contained self-test: 1 clean repository passed, {len(bad_cases)} bad files reported')
    return 0


if __name__ == '__main__':
    if sys.argv[1:] == ['--self-test']:
        sys.exit(self_test())
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.exit(check(root))
