import ComptoirCore
import ComptoirStore
import Foundation

/// Turns submitted strings into typed values, with messages that name the problem.
public enum FieldParsing {
    public static let requiredMessage = L("Ce champ est obligatoire.", "This field is required.")

    /// Parses one field; `raw == nil` means the field was not submitted at all.
    public static func parse(_ field: FieldDefinition, _ raw: String?) -> Result<FieldValue, Localized> {
        if case .bool = field.kind {
            guard let raw else { return .success(.bool(false)) }
            switch raw.lowercased() {
            case "on", "true", "1", "yes", "oui": return .success(.bool(true))
            case "", "off", "false", "0", "no", "non": return .success(.bool(false))
            default: return .failure(L("Valeur oui/non attendue.", "A yes/no value is expected."))
            }
        }
        let text = (raw ?? "").fastTrimmed
        if text.isEmpty {
            return field.required ? .failure(requiredMessage) : .success(.null)
        }
        switch field.kind {
        case .text(let maxLength):
            // Lengths count Unicode code points of the text as submitted, as JSON Schema's maxLength
            // does, and a line break anywhere (even at an end, trimmed below) is refused: the API
            // document states exactly this (`EntityAPI.fieldSchema`).
            let submitted = raw ?? ""
            if submitted.unicodeScalars.count > maxLength {
                return .failure(L("\(maxLength) caractères au plus.", "At most \(maxLength) characters."))
            }
            if submitted.contains(where: { $0.isNewline }) {
                return .failure(L("Une seule ligne attendue.", "A single line is expected."))
            }
            return .success(.text(text))
        case .longText:
            if (raw ?? "").unicodeScalars.count > 20_000 {
                return .failure(L("20 000 caractères au plus.", "At most 20,000 characters."))
            }
            return .success(.text(text))
        case .email:
            return identifier(.emailAddress, text)
        case .phone:
            return identifier(.phoneNumber, text)
        case .identifier(let kind):
            return identifier(kind, text)
        case .url:
            var candidate = text
            if !candidate.lowercased().hasPrefix("http://") && !candidate.lowercased().hasPrefix("https://") {
                candidate = "https://" + candidate
            }
            guard let url = URL(string: candidate), let host = url.host, host.contains("."), !candidate.contains(" ") else {
                return .failure(
                    L("Adresse web invalide (exemple : https://www.exemple.fr).", "Invalid web address (e.g. https://www.example.com)."))
            }
            return .success(.text(candidate))
        case .choice(let choices):
            if choices.contains(where: { $0.value == text }) { return .success(.text(text)) }
            // A choice typed or imported by its label, or its code in another case (« Belgique », « fr »): what a CSV
            // export prints comes back in. Accents, case and punctuation are ignored.
            let key = frenchSortKeyPrefix(text)
            if !key.isEmpty,
                let match = choices.first(where: {
                    frenchSortKeyPrefix($0.value) == key || frenchSortKeyPrefix($0.label.fr) == key
                        || frenchSortKeyPrefix($0.label.en) == key
                })
            {
                return .success(.text(match.value))
            }
            return .failure(L("Choix non proposé.", "Not one of the choices."))
        case .multiChoice(let choices):
            let picked = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for value in picked where !choices.contains(where: { $0.value == value }) {
                return .failure(L("« \(value) » n'est pas un choix proposé.", "\"\(value)\" is not one of the choices."))
            }
            // Stored in the order of the choices, without repeats.
            return .success(.text(choices.map(\.value).filter { picked.contains($0) }.joined(separator: "\n")))
        case .integer(let min, let max):
            guard let number = Int64(text.replacingOccurrences(of: " ", with: "")) else {
                return .failure(L("Nombre entier attendu.", "A whole number is expected."))
            }
            if let min, number < min { return .failure(L("Au moins \(min).", "At least \(min).")) }
            if let max, number > max { return .failure(L("Au plus \(max).", "At most \(max).")) }
            return .success(.int(number))
        case .money:
            guard let money = Money(parsing: text) else {
                return .failure(L("Montant invalide (exemple : 1 234,50).", "Invalid amount (e.g. 1234.50)."))
            }
            return .success(.int(money.minorUnits))
        case .quantity:
            guard let quantity = Quantity(parsing: text), quantity.milli >= 0, quantity <= .maximum else {
                return .failure(L("Quantité invalide (exemple : 12 ou 1,5).", "Invalid quantity (e.g. 12 or 1.5)."))
            }
            return .success(.int(quantity.milli))
        case .dateTime:
            guard let date = DateTimeInput.parse(text) else {
                return .failure(L("Date et heure invalides (jj/mm/aaaa hh:mm).", "Invalid date and time (dd/mm/yyyy hh:mm)."))
            }
            return .success(.date(date))
        case .lookup:
            // An id is taken as is (and checked when saved); other text is resolved by the service.
            if let id = UUID(uuidString: text) { return .success(.uuid(id)) }
            return .success(.text(text))
        case .date:
            guard let day = DateDisplay.parseDay(text) else {
                return .failure(L("Date invalide (jj/mm/aaaa).", "Invalid date (dd/mm/yyyy)."))
            }
            return .success(.text(day.isoString))
        case .reference(let choices):
            guard let id = UUID(uuidString: text), choices.contains(where: { $0.value == id.uuidString.lowercased() }) else {
                return .failure(L("Choix non proposé.", "Not one of the choices."))
            }
            return .success(.uuid(id))
        case .password:
            if let problem = PasswordRules.problem(text) { return .failure(problem) }
            return .success(.text(text))
        case .bool:
            return .success(.null)
        }
    }

    private static func identifier(_ kind: IdentifierKind, _ text: String) -> Result<FieldValue, Localized> {
        let result: Result<String, IdentifierError>
        switch kind {
        case .siren: result = SIREN.validate(text)
        case .siret: result = SIRET.validate(text)
        case .vatNumber: result = VATNumber.validate(text)
        case .iban: result = IBAN.validate(text)
        case .bic: result = BIC.validate(text)
        case .emailAddress: result = EmailAddress.validate(text)
        case .phoneNumber: result = PhoneNumber.validate(text)
        case .postalCode: result = PostalCode.validate(text)
        case .ean13: result = EAN13.validate(text)
        }
        switch result {
        case .success(let normalized): return .success(.text(normalized))
        case .failure(let error): return .failure(Localized(error.message(french: true), error.message(french: false)))
        }
    }

    /// The value as an input shows it (forms re-display stored values).
    public static func inputText(_ field: FieldDefinition, _ value: FieldValue) -> String {
        switch (field.kind, value) {
        case (_, .null): return ""
        case (.money, .int(let cents)): return Money(minorUnits: cents).decimalString.replacingOccurrences(of: ".", with: ",")
        case (.quantity, .int(let milli)): return Quantity(milli: milli).decimalString.replacingOccurrences(of: ".", with: ",")
        case (.date, .text(let iso)): return CalendarDay(parsing: iso)?.formatted() ?? iso
        case (.phone, .text(let text)): return PhoneDisplay.format(text)
        case (_, .text(let text)): return text
        case (_, .int(let number)): return String(number)
        case (_, .bool(let flag)): return flag ? "true" : ""
        case (.dateTime, .date(let date)): return DateTimeInput.inputValue(date)
        case (_, .date(let date)): return DateDisplay.dateTime(date)
        case (_, .uuid(let id)): return id.uuidString.lowercased()
        }
    }

    /// The value as lists and detail pages show it.
    public static func display(_ field: FieldDefinition, _ value: FieldValue, _ locale: DisplayLocale) -> String {
        switch (field.kind, value) {
        case (_, .null): return "—"
        case (.bool, .bool(let flag)): return flag ? L("Oui", "Yes")(locale) : L("Non", "No")(locale)
        case (.choice(let choices), .text(let text)):
            return choices.first { $0.value == text }?.label(locale) ?? text
        case (.multiChoice(let choices), .text(let text)):
            return text.split(separator: "\n").map { value in choices.first { $0.value == value }?.label(locale) ?? String(value) }
                .joined(separator: ", ")
        case (.reference(let choices), .uuid(let id)):
            return choices.first { $0.value == id.uuidString.lowercased() }?.label(locale) ?? "—"
        case (.money, .int(let cents)): return Money(minorUnits: cents).formatted(locale: locale)
        case (.quantity, .int(let milli)): return Quantity(milli: milli).formatted(locale: locale)
        case (.phone, .text(let text)): return PhoneDisplay.format(text)
        case (.password, _): return "••••••"
        case (_, .date(let date)): return DateDisplay.dateTime(date, locale: locale)
        default: return inputText(field, value)
        }
    }

    /// The value as the API returns it: amounts as decimal strings, dates ISO 8601.
    public static func json(_ field: FieldDefinition, _ value: FieldValue) -> JSONValue {
        switch (field.kind, value) {
        case (_, .null): return .null
        case (.money, .int(let cents)): return .string(Money(minorUnits: cents).decimalString)
        case (.quantity, .int(let milli)): return .string(Quantity(milli: milli).decimalString)
        case (.multiChoice, .text(let text)): return .array(text.split(separator: "\n").map { .string(String($0)) })
        case (_, .text(let text)): return .string(text)
        case (_, .bool(let flag)): return .bool(flag)
        case (_, .int(let number)): return .int(number)
        case (_, .date(let date)): return .string(ISO8601.string(date))
        case (_, .uuid(let id)): return .string(id.uuidString.lowercased())
        }
    }

    /// A JSON input value as the string the parser takes, when its JSON type is the one the field's
    /// schema gives (`EntityAPI.fieldSchema`): a boolean for yes/no, an integer for numbers, an array
    /// of strings for multiple choices, a string otherwise, `null` only where the field is optional.
    /// `nil` when the type is wrong: `"yes"` is not a boolean, `123` is not a name.
    public static func string(fromJSON value: JSONValue, for field: FieldDefinition) -> String? {
        if field.jsonSchema != nil {
            switch value {
            case .null: return field.required ? nil : ""
            case .object:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) }
            default: return nil
            }
        }
        switch (field.kind, value) {
        case (.bool, .bool(let flag)): return flag ? "true" : "false"
        case (.bool, _): return nil
        case (_, .null): return field.required ? nil : ""
        case (.integer, .int(let number)): return String(number)
        case (.integer, .double(let number)):
            // `2.0` is the integer 2 in JSON; `1.5` is not an integer.
            guard number.rounded() == number, let whole = Int64(exactly: number) else { return nil }
            return String(whole)
        case (.integer, _): return nil
        case (.multiChoice, .array(let items)):
            // A multiple choice: one value per line.
            var lines: [String] = []
            for item in items {
                guard case .string(let text) = item, !text.contains(where: \.isNewline) else { return nil }
                lines.append(text)
            }
            return lines.joined(separator: "\n")
        case (.multiChoice, _): return nil
        case (.reference, .string(let text)), (.lookup, .string(let text)), (.date, .string(let text)), (.dateTime, .string(let text)),
            (.email, .string(let text)), (.url, .string(let text)), (.money, .string(let text)), (.quantity, .string(let text)),
            (.choice, .string(let text)):
            // Values with a format or a list of choices: `null` clears them, `""` is no value of the format.
            return text.isEmpty ? nil : text
        case (_, .string(let text)): return text
        default: return nil
        }
    }

    /// What the API says when `string(fromJSON:for:)` refuses a value.
    public static func typeMessage(_ field: FieldDefinition) -> Localized {
        if field.jsonSchema != nil { return L("Objet JSON attendu.", "A JSON object is expected.") }
        switch field.kind {
        case .bool: return L("Valeur true ou false attendue.", "true or false is expected.")
        case .integer: return L("Nombre entier attendu.", "An integer is expected.")
        case .multiChoice: return L("Liste de textes attendue.", "An array of strings is expected.")
        default:
            return field.required
                ? L("Texte attendu.", "A string is expected.") : L("Texte ou null attendu.", "A string or null is expected.")
        }
    }
}

/// ISO 8601 timestamps for the API.
public enum ISO8601 {
    public static func string(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

/// Phone numbers as French users read them.
public enum PhoneDisplay {
    public static func format(_ stored: String) -> String {
        guard case .success = PhoneNumber.validate(stored) else { return stored }
        return PhoneNumber.formattedFrench(stored)
    }
}

/// Date-times as forms take them: `dd/mm/yyyy hh:mm` or the browser's `yyyy-mm-ddThh:mm`, in
/// Paris time; ISO 8601 with an offset from the API.
public enum DateTimeInput {
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.contains("Z") || trimmed.range(of: #"[+-]\d\d:?\d\d$"#, options: .regularExpression) != nil,
            let date = try? Date(trimmed, strategy: .iso8601)
        {
            return date
        }
        let parts = trimmed.replacingOccurrences(of: "T", with: " ").split(separator: " ", omittingEmptySubsequences: true)
        guard let dayPart = parts.first, let day = CalendarDay(parsing: String(dayPart)) else { return nil }
        var hour = 0, minute = 0
        if parts.count > 1 {
            let clock = parts[1].split(separator: ":")
            guard clock.count >= 2, let h = Int(clock[0]), let m = Int(clock[1]), (0..<24).contains(h), (0..<60).contains(m) else {
                return nil
            }
            hour = h
            minute = m
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .paris
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))
    }

    /// `2026-06-01T09:00` in Paris time, as `<input type="datetime-local">` wants it.
    public static func inputValue(_ date: Date) -> String {
        let day = CalendarDay(date, in: .paris)
        return day.isoString + "T" + DateDisplay.time(date)
    }
}
