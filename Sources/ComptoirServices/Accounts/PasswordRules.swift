/// What a password must be.
public enum PasswordRules {
    public static let minimumLength = 10

    public static func problem(_ password: String) -> Localized? {
        if password.count < minimumLength {
            return L(
                "Le mot de passe doit comporter au moins \(minimumLength) caractères.",
                "The password must have at least \(minimumLength) characters.")
        }
        return nil
    }
}
