import Foundation
import SQLKit

/// Whose eyes a read is made with, as far as private projects go: the one input of `ProjectAccess.visible(_:_:)`.
public enum ProjectViewer: Sendable, Hashable {
    /// Administrators and the program itself: every project.
    case everything
    /// An internal user: records without a project, public projects, and the private ones they belong to.
    case user(UUID)
    /// An extranet guest: the projects they belong to, nothing else.
    case member(UUID)
    /// Nobody signed in: nothing.
    case nobody
}

extension ProjectAccess {
    /// The one visibility condition: true when `viewer` may see the project in `column` (a constant of the code,
    /// never user input, e.g. `i.project_id`). Lists (`ColumnFilter.visibleProject` / `.memberProject`), agenda,
    /// ICS feeds, board, bookings and timelines all use it.
    public static func visible(_ column: String, _ viewer: ProjectViewer) -> SQLQueryString {
        switch viewer {
        case .everything: return "1 = 1"
        case .nobody: return "1 = 0"
        case .user(let user): return visible(column, user: user)
        case .member(let user): return "\(unsafeRaw: column) IN (SELECT project_id FROM project_users WHERE user_id = \(bind: user))"
        }
    }
}
