import Foundation

/// « Vérifier le modèle »: what the merge would leave empty or refuse, in French, per part.
enum TemplateLinter {
    static func lint(_ part: TemplatePart, schema: TagSchema) -> [TemplateIssue] {
        let structure = TemplateStructure(part)
        var issues: [TemplateIssue] = []
        var seen = Set<String>()
        func add(_ kind: TemplateIssue.Kind, _ tag: String, _ message: String) {
            guard seen.insert("\(kind.rawValue)|\(tag)|\(message)").inserted else { return }
            issues.append(TemplateIssue(kind: kind, tag: tag, part: part.name, message: message))
        }
        for (index, occurrence) in part.occurrences.enumerated() {
            let lists = structure.enclosingLists[index].filter { !$0.isEmpty }
            let fields = lists.reduce(into: Set<String>()) { fields, list in fields.formUnion(schema.lists[list] ?? []) }
            switch occurrence.tag.kind {
            case .scalar(let path):
                if schema.scalars.contains(path) || fields.contains(path) { continue }
                if schema.lists[path] != nil {
                    add(
                        .misplacedTag, path,
                        "{{\(path)}} est une liste : utilisez {{#\(path)}} … {{/\(path)}} dans une ligne de tableau."
                    )
                } else if let list = lists.last {
                    add(.unknownListField, path, "{{\(path)}} n’est ni un champ de la liste « \(list) » ni une balise connue.")
                } else {
                    add(.unknownTag, path, "Balise inconnue : {{\(path)}}.")
                }
            case .listOpen(let name):
                if schema.lists[name] == nil {
                    if schema.scalars.contains(name) {
                        add(.misplacedTag, "#" + name, "{{\(name)}} n’est pas une liste : utilisez {{#if \(name)}} pour une condition.")
                    } else {
                        add(.unknownTag, "#" + name, "Liste inconnue : {{#\(name)}}.")
                    }
                }
            case .ifOpen(let path):
                if !(schema.scalars.contains(path) || schema.lists[path] != nil || fields.contains(path)) {
                    add(.unknownTag, "#if " + path, "Condition sur une balise inconnue : {{#if \(path)}}.")
                }
            case .listClose, .ifClose, .invalid: continue
            }
        }
        for problem in structure.problems { add(problem.kind, problem.tag, problem.message) }
        for tag in part.misplaced {
            add(.misplacedTag, tag, "{{\(tag)}} est dans un code de champ Word : elle ne sera pas remplacée.")
        }
        for tag in part.invalidTags {
            add(
                .unknownTag, tag,
                "« {{\(tag)}} » n’est pas une balise : lettres, chiffres, points, tirets et soulignés seulement."
            )
        }
        return issues
    }
}
