"""Writes the patched Itinerary v1 XSDs (spec/itinerary-v1/patched/) from the official ones.

Each patch is listed, with its reason, in spec/itinerary-v1/patched/README.md; scripts/test.sh
runs this into a temporary folder and diffs the result against the checked-in copies, so the
patched files can never differ from the originals by more than what the README says.

Usage: python3 scripts/patch_itinerary_xsd.py OUT_DIR
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, 'spec', 'itinerary-v1')
NS = 'http://www.concursolutions.com/api/travel/trip/2010/06'


def replace_once(text, old, new, count=1):
    """Replaces `old` exactly `count` times, failing if the original does not hold it so."""
    found = text.count(old)
    if found != count:
        sys.exit(f'patch_itinerary_xsd: expected {count} of {old!r}, found {found}')
    return text.replace(old, new)


def main(out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(SRC, 'ItinServices_Public_0.xsd'), encoding='utf-8', newline='') as f:
        itin = f.read()
    # 1. The prolog says utf-16 but the file is ASCII: xmllint refuses it as shipped.
    utf8 = replace_once(itin, '<?xml version="1.0" encoding="utf-16"?>', '<?xml version="1.0" encoding="utf-8"?>')
    # 2. XSD patterns are implicitly anchored; `^`/`$` are literal characters there.
    patched = replace_once(utf8, '<xs:pattern value="^[A-Za-z0-9]+$" />', '<xs:pattern value="[A-Za-z0-9]+" />', 7)
    # 3. Namespaced documents validate as they are with the trip namespace as target.
    ns = replace_once(
        patched,
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" ',
        f'<xs:schema targetNamespace="{NS}" xmlns="{NS}" xmlns:xs="http://www.w3.org/2001/XMLSchema" ')
    with open(os.path.join(SRC, 'GetListOfItinerariesRoot_v1_1.xsd'), encoding='utf-8', newline='') as f:
        root = f.read()
    # 4. The paging wrapper imports the list schema without saying where it is.
    root = replace_once(
        root,
        f'<xs:import namespace="{NS}" />',
        f'<xs:import namespace="{NS}" schemaLocation="GetListOfItinerariesImport_v1_1.xsd" />')
    with open(os.path.join(SRC, 'GetListOfItinerariesImport_v1_1.xsd'), encoding='utf-8', newline='') as f:
        imported = f.read()
    outputs = {
        'ItinServices_Public_0.utf8.xsd': utf8,
        'ItinServices_Public_0.patched.xsd': patched,
        'ItinServices_Public_0.patched.ns.xsd': ns,
        'GetListOfItinerariesRoot_v1_1.local.xsd': root,
        'GetListOfItinerariesImport_v1_1.xsd': imported,
    }
    for name, text in outputs.items():
        with open(os.path.join(out, name), 'w', encoding='utf-8', newline='') as f:
            f.write(text)


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
