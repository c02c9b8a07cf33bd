import Foundation

/// A Factur-X invoice: the printed invoice as PDF/A-3b with its CII XML (EN 16931 profile) embedded as
/// `factur-x.xml` (/AFRelationship /Data, listed in the catalog's /AF) and the Factur-X XMP extension schema.
public enum FacturXPDF {
    public static let fileName = "factur-x.xml"
    public static let conformanceLevel = "EN 16931"

    /// The PDF bytes; `createdAt` is the injected clock's time (CreationDate and XMP dates). Same input, same bytes.
    public static func render(_ invoice: InvoiceDocument, logo: PDFImage? = nil, createdAt: Date) -> [UInt8] {
        let document = InvoiceLayout.draw(invoice, logo: logo)
        let xml = FacturXCII.bytes(invoice)
        document.attach(
            PDFAttachment(
                name: fileName, data: xml, mimeType: "text/xml", description: "Factur-X invoice (EN 16931)", relationship: .data))
        let metadata = PDFMetadata(
            title: "\(invoice.title) \(invoice.number)", author: invoice.seller.name,
            subject: "\(invoice.title) \(invoice.number) — \(invoice.buyer.name)",
            date: createdAt, extraXMP: extensionSchema)
        return document.write(metadata: metadata)
    }

    /// The PDF/A extension schema declaring the fx namespace, and its four properties.
    static let extensionSchema: String = {
        let properties = [
            ("DocumentFileName", "The name of the embedded XML document"),
            ("DocumentType", "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER"),
            ("Version", "The actual version of the standard applying to the embedded XML document"),
            ("ConformanceLevel", "The conformance level of the embedded XML document"),
        ]
        let declared = properties.map { name, description in
            """
                          <rdf:li rdf:parseType="Resource">
                            <pdfaProperty:name>\(name)</pdfaProperty:name>
                            <pdfaProperty:valueType>Text</pdfaProperty:valueType>
                            <pdfaProperty:category>external</pdfaProperty:category>
                            <pdfaProperty:description>\(description)</pdfaProperty:description>
                          </rdf:li>

            """
        }.joined()
        return """
                <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
                  <pdfaExtension:schemas>
                    <rdf:Bag>
                      <rdf:li rdf:parseType="Resource">
                        <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
                        <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
                        <pdfaSchema:prefix>fx</pdfaSchema:prefix>
                        <pdfaSchema:property>
                          <rdf:Seq>
            \(declared)              </rdf:Seq>
                        </pdfaSchema:property>
                      </rdf:li>
                    </rdf:Bag>
                  </pdfaExtension:schemas>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
                  <fx:DocumentType>INVOICE</fx:DocumentType>
                  <fx:DocumentFileName>\(fileName)</fx:DocumentFileName>
                  <fx:Version>1.0</fx:Version>
                  <fx:ConformanceLevel>\(conformanceLevel)</fx:ConformanceLevel>
                </rdf:Description>

            """
    }()
}
