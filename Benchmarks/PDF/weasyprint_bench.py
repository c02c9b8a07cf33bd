#!/usr/bin/env python3
"""WeasyPrint side of the PDF benchmark (#17): the invoice HTML written by `comptoir-pdfbench emit` rendered as
PDF/A-3b with factur-x.xml attached (/AFRelationship /Data) and the Factur-X XMP extension schema, as our writer does.

  weasyprint_bench.py one DIR OUT.pdf       one document in this fresh process (import and fonts included)
  weasyprint_bench.py batch N DIR           N documents one after the other in one process

Prints one line like comptoir-pdfbench: documents, seconds, ms per document, documents per second, bytes, peak RSS.
The time of `import weasyprint` is printed apart (import_seconds) and is not in `seconds`.
"""
import os
import resource
import sys
import time

FX = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>fx</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq>
%s
</rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>
<rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
<fx:DocumentType>INVOICE</fx:DocumentType><fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>
<fx:Version>1.0</fx:Version><fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
</rdf:Description></rdf:RDF>""" % "\n".join(
    '<rdf:li rdf:parseType="Resource"><pdfaProperty:name>%s</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType>'
    '<pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>%s</pdfaProperty:description></rdf:li>' % p
    for p in (("DocumentFileName", "The name of the embedded XML document"), ("DocumentType", "The type of the hybrid document"),
              ("Version", "The version of the standard"), ("ConformanceLevel", "The conformance level of the embedded XML document")))


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    mode, directory = sys.argv[1], sys.argv[2 if sys.argv[1] == "one" else 3]
    start = time.perf_counter()
    import weasyprint
    from weasyprint import HTML, Attachment
    import_seconds = time.perf_counter() - start
    assert weasyprint.__version__ == "70.0", weasyprint.__version__
    with open(os.path.join(directory, "invoice.html"), encoding="utf-8") as f:
        html = f.read()
    with open(os.path.join(directory, "factur-x.xml"), "rb") as f:
        xml = f.read()
    xmp = os.path.join(directory, "facturx-xmp.rdf")
    with open(xmp, "w", encoding="utf-8") as f:
        f.write(FX)

    def render(number):
        document = HTML(string=html.replace("FA2026-00001", number), base_url=directory)
        attachment = Attachment(string=xml.decode("utf-8").replace("FA2026-00001", number), name="factur-x.xml",
                                description="Factur-X invoice (EN 16931)", relationship="Data")
        return document.write_pdf(pdf_variant="pdf/a-3b", attachments=[attachment], xmp_metadata=[xmp])

    count = 1 if mode == "one" else int(sys.argv[2])
    total = 0
    cpu = time.process_time()
    start = time.perf_counter()
    for index in range(1, count + 1):
        pdf = render("FA2026-%05d" % index)
        total += len(pdf)
        if mode == "one":
            with open(sys.argv[3], "wb") as f:
                f.write(pdf)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    print("documents=%d seconds=%.4f ms_per_document=%.3f cpu_ms_per_document=%.3f documents_per_second=%.2f bytes=%d "
          "peak_rss_mib=%.1f import_seconds=%.3f"
          % (count, seconds, seconds * 1000 / count, cpu * 1000 / count, count / seconds, total, peak_rss_mib(), import_seconds))


if __name__ == "__main__":
    main()
