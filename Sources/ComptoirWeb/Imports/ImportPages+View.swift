import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// How the import pages look.
enum ImportPagesView {
    static func title(_ locale: DisplayLocale) -> String { L("Import assisté", "Assisted import")(locale) }

    static func statusLabel(_ status: ImportBatchRecord.Status) -> Localized {
        switch status {
        case .analysed: return L("Analysé", "Analysed")
        case .simulating: return L("Simulation en cours", "Simulating")
        case .simulated: return L("Simulé", "Simulated")
        case .queued: return L("En attente", "Queued")
        case .running: return L("Import en cours", "Importing")
        case .done: return L("Terminé", "Done")
        case .cancelled: return L("Interrompu", "Stopped")
        case .failed: return L("Échec", "Failed")
        case .rolledBack: return L("Annulé", "Undone")
        }
    }

    /// The batches, newest first, with the upload form.
    static func list(_ request: Request, error: Localized?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let locale = request.locale
        let batches = try await ImportService(request).recent(limit: 50)
        let csrf = request.csrfToken
        var content: [HTMLNode] = [H.el("h1", text: title(locale))]
        content.append(
            H.el(
                "p",
                text: L(
                    "Importez vos sociétés et leurs contacts depuis un fichier CSV (Excel, LibreOffice) ou un classeur XLSX. Rien n'est écrit avant que vous lanciez l'import ; une simulation montre d'abord ce qui serait fait.",
                    "Import your companies and their contacts from a CSV file (Excel, LibreOffice) or an XLSX workbook. Nothing is written before you start the import; a simulation first shows what would happen."
                )(locale)))
        var field: [HTMLNode] = [
            H.el("label", [("for", "import-file")], text: L("Fichier CSV ou XLSX", "CSV or XLSX file")(locale)),
            H.void(
                "input",
                [
                    ("id", "import-file"), ("type", "file"), ("name", "file"), ("accept", ".csv,.txt,.tsv,.xlsx"), ("required", "required"),
                    ("aria-invalid", error == nil ? nil : "true"), ("aria-describedby", error == nil ? nil : "import-file-error"),
                ]),
        ]
        if let error { field.append(H.el("p", [("id", "import-file-error"), ("class", "field-error")], text: error(locale))) }
        content.append(
            H.el(
                "form",
                [
                    ("method", "post"), ("action", "\(ImportPages.base)?_csrf=\(csrf)"), ("enctype", "multipart/form-data"),
                    ("class", "entity-form"),
                ],
                [
                    H.hidden("_csrf", csrf),
                    H.el("div", [("class", "field" + (error == nil ? "" : " has-error"))], field),
                    H.el(
                        "div", [("class", "form-actions")],
                        [
                            H.el(
                                "button", [("type", "submit"), ("class", "button primary")],
                                text: L("Lancer l'analyse du fichier", "Analyse the file")(locale)),
                            H.link(
                                "/admin/import-profiles", L("Configurations enregistrées", "Saved configurations")(locale),
                                [("class", "button")]),
                        ]),
                ]))
        if !batches.isEmpty {
            content.append(H.el("h2", text: L("Imports récents", "Recent imports")(locale)))
            let rows = batches.map { batch -> HTMLNode in
                let report = batch.report.flatMap { try? ImportJSON.decode(ImportReport.self, $0) }
                return H.el(
                    "tr", [],
                    [
                        H.el("td", [], [H.link(ImportPages.path(batch), batch.fileName)]),
                        H.el("td", text: DateDisplay.dateTime(batch.createdAt, locale: locale)),
                        H.el("td", text: statusLabel(batch.status)(locale)),
                        H.el("td", [("class", "number")], text: report.map { NumberDisplay.integer($0.rowsImported) } ?? "—"),
                        H.el("td", [("class", "number")], text: report.map { NumberDisplay.integer($0.rowsRejected) } ?? "—"),
                    ])
            }
            content.append(
                H.el(
                    "table", [("class", "list")],
                    [
                        H.el(
                            "thead", [],
                            [
                                H.el(
                                    "tr", [],
                                    [
                                        H.el("th", text: L("Fichier", "File")(locale)),
                                        H.el("th", text: L("Envoyé le", "Uploaded")(locale)),
                                        H.el("th", text: L("État", "Status")(locale)),
                                        H.el("th", text: L("Lignes importées", "Rows imported")(locale)),
                                        H.el("th", text: L("Lignes refusées", "Rows rejected")(locale)),
                                    ])
                            ]),
                        H.el("tbody", [], rows),
                    ]))
        }
        return Layout.page(request, title: title(locale), status: status, content)
    }

    /// One import: settings and mapping while editable, then progress, report and undo.
    static func detail(
        _ request: Request, _ batch: ImportBatchRecord, form: ImportSettings? = nil, error: AppError? = nil, profileName: String? = nil,
        askOverwrite: Bool = false, blockers: [ImportRollback.Blocker] = [], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let locale = request.locale
        let csrf = request.csrfToken
        let analysis = try ImportJSON.decode(ImportAnalysis.self, batch.analysis)
        let settings = try form ?? ImportJSON.decode(ImportSettings.self, batch.settings)
        let path = ImportPages.path(batch)
        var content: [HTMLNode] = [
            H.el("p", [("class", "breadcrumb")], [H.link(ImportPages.base, title(locale))]),
            H.el("h1", text: batch.fileName),
            H.el("p", text: "\(statusLabel(batch.status)(locale)) — \(NumberDisplay.bytes(batch.fileSize, locale: locale))"),
        ]
        if let error {
            var items = [H.el("p", text: error.message(locale))]
            for messages in error.fields.values { items += messages.map { H.el("p", text: $0(locale)) } }
            content.append(H.el("div", [("class", "flash flash-error"), ("role", "alert")], items))
        }
        for warning in analysis.warnings {
            content.append(H.el("div", [("class", "flash flash-info")], text: warning.localized(locale)))
        }
        if !blockers.isEmpty {
            content.append(
                H.el(
                    "div", [("class", "flash flash-error"), ("role", "alert")],
                    [
                        H.el(
                            "p",
                            text: L(
                                "L'import ne peut pas être annulé : ces fiches ont changé depuis ou sont utilisées ailleurs.",
                                "The import cannot be undone: these records changed since or are used elsewhere.")(locale)),
                        H.el(
                            "ul", [],
                            blockers.map { blocker in
                                H.el("li", [], [H.link(blocker.path, blocker.title), H.text(" — " + blocker.reason(locale))])
                            }),
                    ]))
        }
        if batch.status.isActive {
            content.append(progress(request, batch))
        }
        if let text = batch.simulationReport, let report = try? ImportJSON.decode(ImportReport.self, text),
            batch.status == .simulated || batch.status.isEditable
        {
            content.append(
                reportSection(
                    L("Résultat de la simulation", "Simulation result")(locale), report, errorsPath: "\(path)/errors.csv?simulation=1",
                    locale))
        }
        if let text = batch.report, let report = try? ImportJSON.decode(ImportReport.self, text), !batch.status.isEditable {
            content.append(reportSection(L("Rapport d'import", "Import report")(locale), report, errorsPath: "\(path)/errors.csv", locale))
        }
        if let message = batch.message {
            content.append(H.el("div", [("class", "flash flash-error")], text: L("Erreur : \(message)", "Error: \(message)")(locale)))
        }
        if batch.status.isEditable {
            content += try await editor(request, batch, analysis, settings, error: error)
            content += try await profileForms(request, batch, profileName: profileName, askOverwrite: askOverwrite)
        }
        if batch.status.canRollBack {
            content.append(
                H.postForm(
                    "\(path)/rollback", csrf: csrf, attributes: [("class", "inline-form")],
                    [
                        H.el(
                            "button",
                            [
                                ("type", "submit"), ("class", "button danger"),
                                (
                                    "data-confirm",
                                    L(
                                        "Supprimer ce que l'import a créé et restaurer ce qu'il a modifié ?",
                                        "Remove what the import created and restore what it changed?")(locale)
                                ),
                            ],
                            text: L("Annuler l'import", "Undo the import")(locale))
                    ]))
        }
        return Layout.page(request, title: batch.fileName, status: status, content)
    }

    static func progress(_ request: Request, _ batch: ImportBatchRecord) -> HTMLNode {
        let locale = request.locale
        let fraction = batch.fileSize > 0 ? min(1, Double(batch.bytesDone) / Double(batch.fileSize)) : 0
        let elapsed = batch.startedAt.map { max(0.001, request.now.timeIntervalSince($0)) } ?? 0
        let rate = elapsed > 0 ? Double(batch.rowsDone) / elapsed : 0
        let left = fraction > 0.01 && fraction < 1 ? elapsed / fraction - elapsed : nil
        let path = ImportPages.path(batch)
        return H.el(
            "section", [("class", "import-progress"), ("data-progress-url", "\(path)/progress")],
            [
                // Without JavaScript the page reloads itself while the job runs.
                H.el("noscript", [], [H.void("meta", [("http-equiv", "refresh"), ("content", "2")])]),
                H.el("progress", [("max", "100"), ("value", String(Int(fraction * 100)))], text: "\(Int(fraction * 100)) %"),
                H.el(
                    "p", [("class", "progress-text"), ("aria-live", "polite")],
                    text: L(
                        "\(NumberDisplay.integer(batch.rowsDone)) lignes lues — \(NumberDisplay.integer(Int(rate))) lignes/s\(left.map { " — fin estimée dans \(Int($0.rounded(.up))) s" } ?? "")",
                        "\(NumberDisplay.integer(batch.rowsDone)) rows read — \(NumberDisplay.integer(Int(rate))) rows/s\(left.map { " — about \(Int($0.rounded(.up))) s left" } ?? "")"
                    )(locale)),
                H.postForm(
                    "\(path)/cancellation", csrf: request.csrfToken, attributes: [("class", "inline-form")],
                    [
                        H.el("button", [("type", "submit"), ("class", "button")], text: L("Arrêter", "Stop")(locale))
                    ]),
            ])
    }

    static func reportSection(_ heading: String, _ report: ImportReport, errorsPath: String, _ locale: DisplayLocale) -> HTMLNode {
        let lines: [(Localized, Int)] = [
            (L("Lignes lues", "Rows read"), report.rowsRead), (L("Lignes importées", "Rows imported"), report.rowsImported),
            (
                L("Lignes importées en partie (société sans son contact)", "Rows imported in part (company without its contact)"),
                report.rowsPartial
            ),
            (L("Lignes refusées", "Rows rejected"), report.rowsRejected),
            (L("Lignes vides ignorées", "Blank rows skipped"), report.rowsBlank),
            (L("Sociétés créées", "Companies created"), report.companiesCreated),
            (L("Sociétés mises à jour", "Companies updated"), report.companiesUpdated),
            (L("Sociétés existantes laissées telles quelles", "Existing companies left as they were"), report.companiesUnchanged),
            (L("Contacts créés", "Contacts created"), report.contactsCreated),
            (L("Contacts mis à jour", "Contacts updated"), report.contactsUpdated),
            (L("Contacts existants laissés tels quels", "Existing contacts left as they were"), report.contactsUnchanged),
            (L("Liens contact–société créés", "Contact–company links created"), report.linksCreated),
            (L("Centres d'intérêt créés", "Interest tags created"), report.tagsCreated),
        ]
        var children: [HTMLNode] = [
            H.el("h2", text: heading),
            H.el(
                "dl", [("class", "import-report")],
                lines.flatMap { label, value in
                    [H.el("dt", text: label(locale)), H.el("dd", [("data-count", String(value))], text: NumberDisplay.integer(value))]
                }),
        ]
        if report.cancelled {
            children.append(
                H.el(
                    "p",
                    text: L(
                        "Interrompu à la demande : les lignes lues avant l'arrêt sont entièrement écrites.",
                        "Stopped on request: the rows read before the stop are fully written.")(locale)))
        }
        if report.seconds > 0, report.rowsRead > 0 {
            children.append(
                H.el(
                    "p",
                    text: L(
                        "Durée : \(NumberDisplay.seconds(report.seconds, locale: .fr)) (\(NumberDisplay.integer(Int(Double(report.rowsRead) / report.seconds))) lignes/s).",
                        "Time: \(NumberDisplay.seconds(report.seconds, locale: .en)) (\(NumberDisplay.integer(Int(Double(report.rowsRead) / report.seconds))) rows/s)."
                    )(locale)))
        }
        if !report.errors.isEmpty {
            // Row numbers as Excel shows them (the titles are row 1).
            let rowLabel = L("Ligne (Excel)", "Row (Excel)")(locale), columnLabel = L("Colonne", "Column")(locale)
            let valueLabel = L("Valeur", "Value")(locale), problemLabel = L("Problème", "Problem")(locale)
            children.append(H.el("h3", text: L("Lignes en erreur", "Rows in error")(locale)))
            children.append(
                H.el(
                    "p", [],
                    [
                        H.link(
                            errorsPath,
                            L(
                                "Télécharger les lignes refusées (CSV à corriger et réimporter)",
                                "Download the rejected rows (CSV to fix and import again)")(locale))
                    ]))
            children.append(
                H.el(
                    "table", [("class", "list import-errors")],
                    [
                        H.el(
                            "thead", [],
                            [
                                H.el(
                                    "tr", [],
                                    [
                                        H.el("th", text: rowLabel), H.el("th", text: columnLabel), H.el("th", text: valueLabel),
                                        H.el("th", text: problemLabel),
                                    ])
                            ]),
                        H.el(
                            "tbody", [],
                            report.errors.flatMap { error in
                                error.problems.map { problem in
                                    let text = locale == .fr ? problem.fr : problem.en
                                    return H.el(
                                        "tr", [("class", error.companyImported ? "partial" : nil)],
                                        [
                                            H.el("td", [("class", "number"), ("data-label", rowLabel)], text: String(error.row)),
                                            H.el("td", [("data-label", columnLabel)], text: problem.column),
                                            H.el("td", [("data-label", valueLabel)], text: problem.value),
                                            H.el(
                                                "td", [("data-label", problemLabel)],
                                                text: error.companyImported ? ImportRowError.partialNote(locale) + " : " + text : text),
                                        ])
                                }
                            }),
                    ]))
        }
        return H.el("section", [("class", "import-report-section")], children)
    }

    /// Reading settings, preview, « Correspondance des colonnes », options and the run buttons: one form.
    static func editor(
        _ request: Request, _ batch: ImportBatchRecord, _ analysis: ImportAnalysis, _ settings: ImportSettings, error: AppError?
    ) async throws -> [HTMLNode] {
        let locale = request.locale
        let targets = try await ImportService(request).targets()
        var reading: [HTMLNode] = [H.hidden("readSettings", "true")]
        if analysis.kind == .csv {
            let encodings = TextEncoding.allCases.map {
                ($0.rawValue, $0.label + ($0 == analysis.detectedEncoding ? L(" (détecté)", " (detected)")(locale) : ""))
            }
            reading.append(
                H.el(
                    "div", [("class", "field")],
                    [
                        H.el("label", [("for", "import-encoding")], text: L("Encodage", "Encoding")(locale)),
                        EntityPagesView.select(
                            id: "import-encoding", name: "encoding", options: encodings, selected: settings.encoding?.rawValue ?? ""),
                    ]))
            let separators = ImportSettings.separatorChoices.map {
                ($0.value, $0.label(locale) + ($0.value == analysis.detectedSeparator ? L(" (détecté)", " (detected)")(locale) : ""))
            }
            reading.append(
                H.el(
                    "div", [("class", "field")],
                    [
                        H.el("label", [("for", "import-separator")], text: L("Séparateur", "Separator")(locale)),
                        EntityPagesView.select(
                            id: "import-separator", name: "separator", options: separators, selected: settings.separator ?? ";"),
                    ]))
        } else {
            reading.append(
                H.el(
                    "div", [("class", "field")],
                    [
                        H.el("label", [("for", "import-sheet")], text: L("Feuille", "Sheet")(locale)),
                        EntityPagesView.select(
                            id: "import-sheet", name: "sheet", options: analysis.sheets.map { ($0, $0) }, selected: settings.sheet ?? ""),
                    ]))
        }
        reading.append(
            H.el(
                "div", [("class", "field checkbox")],
                [
                    H.void(
                        "input",
                        [
                            ("id", "import-header"), ("type", "checkbox"), ("name", "hasHeader"), ("value", "true"),
                            H.flag("checked", settings.hasHeader),
                        ]),
                    H.el(
                        "label", [("for", "import-header")],
                        text: L("La première ligne contient les titres des colonnes", "The first row holds the column titles")(locale)),
                ]))

        // « Correspondance des colonnes »: one row per column of the file (its title, a few of its values, the field it goes
        // to), so the table is as wide as the page whatever the number of columns, and a phone stacks each row.
        let grouped: [(Localized, [ImportTarget])] = [
            (L("Société", "Company"), targets.filter { $0.side == .company }),
            (L("Contact", "Contact"), targets.filter { $0.side == .contact }),
            (L("Lien", "Link"), targets.filter { $0.side == .link }),
        ]
        let columnLabel = L("Colonne du fichier", "Column of the file")(locale)
        let samplesLabel = L("Exemples (premières lignes)", "Samples (first rows)")(locale)
        let targetLabel = L("Importer dans", "Import into")(locale)
        let mappingRows = analysis.headers.enumerated().map { index, header -> HTMLNode in
            let current = settings.columns.first { $0.index == index }?.target ?? ""
            var options: [HTMLNode] = [
                H.el("option", [("value", ""), H.flag("selected", current.isEmpty)], text: L("— Ignorer —", "— Ignore —")(locale))
            ]
            for (label, group) in grouped {
                options.append(
                    H.el(
                        "optgroup", [("label", label(locale))],
                        group.map { target in
                            H.el("option", [("value", target.key), H.flag("selected", target.key == current)], text: target.label(locale))
                        }))
            }
            let values = sampleValues(analysis.preview, column: index)
            let samples: HTMLNode =
                values.isEmpty
                ? H.el("span", [("class", "muted")], text: L("(vide dans les premières lignes)", "(empty in the first rows)")(locale))
                : H.el("ul", [("class", "import-samples")], values.map { H.el("li", [("title", $0)], text: $0) })
            return H.el(
                "tr", [],
                [
                    H.el(
                        "th", [("scope", "row"), ("data-label", columnLabel)],
                        [H.el("label", [("for", "col-\(index)")], text: header)]),
                    H.el("td", [("class", "import-samples-cell"), ("data-label", samplesLabel)], [samples]),
                    H.el(
                        "td", [("data-label", targetLabel)],
                        [H.el("select", [("id", "col-\(index)"), ("name", "col_\(index)")], options)]),
                ])
        }
        let mappingTable = H.el(
            "table", [("class", "import-mapping")],
            [
                H.el(
                    "caption",
                    text: L(
                        "Une ligne par colonne du fichier : choisissez le champ où l'importer.",
                        "One row per column of the file: choose the field to import it into.")(locale)),
                H.el(
                    "thead", [],
                    [
                        H.el(
                            "tr", [],
                            [
                                H.el("th", [("scope", "col")], text: columnLabel), H.el("th", [("scope", "col")], text: samplesLabel),
                                H.el("th", [("scope", "col")], text: targetLabel),
                            ])
                    ]),
                H.el("tbody", [], mappingRows),
            ])
        let partialChoices = ImportSettings.PartialRows.allCases.map { choice -> HTMLNode in
            H.el(
                "div", [("class", "field checkbox")],
                [
                    H.void(
                        "input",
                        [
                            ("id", "import-partial-\(choice.rawValue)"), ("type", "radio"), ("name", "partialRows"),
                            ("value", choice.rawValue),
                            H.flag("checked", settings.partialRows == choice),
                        ]),
                    H.el("label", [("for", "import-partial-\(choice.rawValue)")], text: choice.label(locale)),
                ])
        }
        let hasMappingError = error?.fields["mapping"] != nil
        return [
            H.postForm(
                "\(ImportPages.path(batch))/settings", csrf: request.csrfToken, attributes: [("class", "entity-form import-editor")],
                [
                    H.el("fieldset", [], [H.el("legend", text: L("Lecture du fichier", "Reading the file")(locale))] + reading),
                    H.el(
                        "fieldset", [("class", hasMappingError ? "has-error" : nil)],
                        [H.el("legend", text: L("Correspondance des colonnes", "Column mapping")(locale)), mappingTable]),
                    H.el(
                        "fieldset", [],
                        [
                            H.el("legend", text: L("Fiches existantes", "Existing records")(locale)),
                            H.el(
                                "div", [("class", "field checkbox")],
                                [
                                    H.void(
                                        "input",
                                        [
                                            ("id", "import-update"), ("type", "checkbox"), ("name", "updateExisting"), ("value", "true"),
                                            H.flag("checked", settings.updateExisting),
                                        ]),
                                    H.el(
                                        "label", [("for", "import-update")],
                                        text: L(
                                            "Mettre à jour les fiches existantes (même référence externe, SIRET, e-mail, ou même nom et code postal) au lieu de les laisser telles quelles",
                                            "Update existing records (same external reference, SIRET, e-mail, or same name and postcode) instead of leaving them as they are"
                                        )(locale)),
                                ]),
                        ]),
                    H.el(
                        "fieldset", [],
                        [
                            H.el("legend", text: L("Ligne partiellement valide", "Partly valid row")(locale)),
                            H.el(
                                "p", [("class", "muted")],
                                text: L(
                                    "Quand la société d'une ligne est valide mais pas son contact (e-mail invalide, nom manquant…). Les contacts refusés sont listés dans le rapport et le fichier des lignes refusées : corrigez-les et réimportez ce fichier, la société sera retrouvée, pas dupliquée.",
                                    "When a row's company is valid but its contact is not (invalid e-mail, missing name…). Refused contacts are listed in the report and in the file of rejected rows: fix them and import that file again, the company is found, not duplicated."
                                )(locale)),
                        ] + partialChoices),
                    H.el(
                        "div", [("class", "form-actions")],
                        [
                            H.el(
                                "button", [("type", "submit"), ("name", "next"), ("value", "save"), ("class", "button")],
                                text: L("Appliquer", "Apply")(locale)),
                            H.el(
                                "button", [("type", "submit"), ("name", "next"), ("value", "simulate"), ("class", "button")],
                                text: L("Simulation", "Simulation")(locale)),
                            H.el(
                                "button",
                                [
                                    ("type", "submit"), ("name", "next"), ("value", "run"), ("class", "button primary"),
                                    ("data-confirm", L("Lancer l'import ?", "Start the import?")(locale)),
                                ], text: L("Importer", "Import")(locale)),
                        ]),
                ])
        ]
    }

    /// Up to three distinct non-empty values of a column in the preview rows, each cut to 60 characters.
    static func sampleValues(_ preview: [[String]], column: Int) -> [String] {
        var values: [String] = []
        for row in preview where column < row.count {
            let value = row[column].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { continue }
            let cut = value.count > 60 ? String(value.prefix(59)) + "…" : value
            if !values.contains(cut) { values.append(cut) }
            if values.count == 3 { break }
        }
        return values
    }

    static func profileForms(_ request: Request, _ batch: ImportBatchRecord, profileName: String?, askOverwrite: Bool) async throws
        -> [HTMLNode]
    {
        let locale = request.locale
        let profiles = try await ImportService(request).profiles()
        let path = ImportPages.path(batch)
        var nodes: [HTMLNode] = []
        if !profiles.isEmpty {
            nodes.append(
                H.postForm(
                    "\(path)/profile-load", csrf: request.csrfToken, attributes: [("class", "entity-form inline-form")],
                    [
                        H.el("label", [("for", "profile-load")], text: L("Configuration", "Configuration")(locale)),
                        EntityPagesView.select(
                            id: "profile-load", name: "profileId", options: profiles.map { ($0.id.uuidString.lowercased(), $0.name) },
                            selected: batch.profileID?.uuidString.lowercased() ?? ""),
                        H.el(
                            "button", [("type", "submit"), ("class", "button")],
                            text: L("Charger une configuration", "Load a configuration")(locale)),
                    ]))
        }
        let defaultName =
            profileName ?? profiles.first { $0.id == batch.profileID }?.name ?? (batch.fileName as NSString).deletingPathExtension
        var saveChildren: [HTMLNode] = [
            H.el("label", [("for", "profile-name")], text: L("Nom de la configuration", "Configuration name")(locale)),
            H.void(
                "input",
                [
                    ("id", "profile-name"), ("type", "text"), ("name", "name"), ("value", defaultName), ("maxlength", "120"),
                    ("required", "required"),
                ]),
        ]
        if askOverwrite {
            saveChildren.append(
                H.el(
                    "span", [("class", "checkbox")],
                    [
                        H.void("input", [("id", "profile-overwrite"), ("type", "checkbox"), ("name", "overwrite"), ("value", "true")]),
                        H.el(
                            "label", [("for", "profile-overwrite")],
                            text: L("Remplacer la configuration existante", "Replace the existing configuration")(locale)),
                    ]))
        }
        saveChildren.append(
            H.el(
                "button", [("type", "submit"), ("class", "button")],
                text: L("Enregistrer une configuration", "Save a configuration")(locale)))
        nodes.append(
            H.postForm("\(path)/profile-save", csrf: request.csrfToken, attributes: [("class", "entity-form inline-form")], saveChildren))
        return nodes
    }

    /// The saved configurations, each with rename and delete.
    static func profiles(_ request: Request, errors: [UUID: (String, Localized)], status: HTTPResponseStatus = .ok) async throws -> Response
    {
        let locale = request.locale
        let profiles = try await ImportService(request).profiles()
        var content: [HTMLNode] = [
            H.el("p", [("class", "breadcrumb")], [H.link(ImportPages.base, title(locale))]),
            H.el("h1", text: L("Configurations d'import", "Import configurations")(locale)),
        ]
        if profiles.isEmpty {
            content.append(
                H.el(
                    "p",
                    text: L(
                        "Aucune configuration enregistrée : enregistrez-en une depuis un import.",
                        "No saved configuration: save one from an import.")(locale)))
        }
        for profile in profiles {
            let id = profile.id.uuidString.lowercased()
            let error = errors[profile.id]
            let settings = try? ImportJSON.decode(ImportSettings.self, profile.settings)
            let mapped = settings?.columns.filter { !$0.target.isEmpty }.count ?? 0
            var rename: [HTMLNode] = [
                H.el("label", [("for", "rename-\(id)")], text: L("Nom", "Name")(locale)),
                H.void(
                    "input",
                    [
                        ("id", "rename-\(id)"), ("type", "text"), ("name", "name"), ("value", error?.0 ?? profile.name),
                        ("maxlength", "120"),
                        ("aria-invalid", error == nil ? nil : "true"),
                    ]),
            ]
            if let error { rename.append(H.el("p", [("class", "field-error")], text: error.1(locale))) }
            rename.append(H.el("button", [("type", "submit"), ("class", "button")], text: L("Renommer", "Rename")(locale)))
            content.append(
                H.el(
                    "section", [("class", "profile")],
                    [
                        H.el("h2", text: profile.name),
                        H.el(
                            "p",
                            text: L(
                                "\(mapped) colonnes associées — modifiée le \(DateDisplay.dateTime(profile.updatedAt, locale: .fr))",
                                "\(mapped) columns mapped — changed \(DateDisplay.dateTime(profile.updatedAt, locale: .en))")(locale)),
                        H.postForm(
                            "/admin/import-profiles/\(id)/rename", csrf: request.csrfToken, attributes: [("class", "inline-form")], rename),
                        H.postForm(
                            "/admin/import-profiles/\(id)/deletion", csrf: request.csrfToken, attributes: [("class", "inline-form")],
                            [
                                H.el(
                                    "button",
                                    [
                                        ("type", "submit"), ("class", "button danger"),
                                        ("data-confirm", L("Supprimer cette configuration ?", "Delete this configuration?")(locale)),
                                    ], text: L("Supprimer", "Delete")(locale))
                            ]),
                    ]))
        }
        return Layout.page(request, title: L("Configurations d'import", "Import configurations")(locale), status: status, content)
    }
}
