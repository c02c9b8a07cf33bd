import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// An open task placed on the day it is due (its due date, else its start).
public struct DatedTask: Sendable, Hashable {
    public var task: OpenTask
    public var day: CalendarDay
}

/// Open tasks sorted into the sections a user reads in the morning.
public struct TaskBuckets: Sendable {
    public var overdue: [DatedTask] = []
    public var today: [DatedTask] = []
    /// Due in the next seven days (after today).
    public var week: [DatedTask] = []
    public var later: [DatedTask] = []

    public var count: Int { overdue.count + today.count + week.count + later.count }

    /// Sorts `tasks` by day then subject; tasks with neither a due date nor a start are left out.
    public init(_ tasks: [OpenTask], today day: CalendarDay) {
        let dated = tasks.compactMap { task -> DatedTask? in
            guard let due = task.dueDate.flatMap(CalendarDay.init(parsing:)) ?? task.startsAt.map({ CalendarDay($0) }) else { return nil }
            return DatedTask(task: task, day: due)
        }.sorted { ($0.day, $0.task.subject) < ($1.day, $1.task.subject) }
        let weekEnd = day.adding(days: 7)
        for item in dated {
            if item.day < day {
                overdue.append(item)
            } else if item.day == day {
                today.append(item)
            } else if item.day <= weekEnd {
                week.append(item)
            } else {
                later.append(item)
            }
        }
    }
}

/// « Accueil »: one user's working day on one screen.
public struct Dashboard: Sendable {
    /// One pipeline type's deals owned by the user.
    public struct Pipeline: Sendable {
        public struct Stage: Sendable {
            public var stage: ActivityCatalog.StageInfo
            public var count: Int
            public var amount: Int64
            /// `amount` × the stage's probability.
            public var weighted: Int64
        }

        public var type: ActivityCatalog.TypeInfo
        /// The open stages in board order, empty ones included (the chart shows the whole funnel).
        public var open: [Stage]
        public var won: (count: Int, amount: Int64)
        public var lost: (count: Int, amount: Int64)

        public var openCount: Int { open.reduce(0) { $0 + $1.count } }
        public var openAmount: Int64 { open.reduce(0) { $0 + $1.amount } }
        public var weighted: Int64 { open.reduce(0) { $0 + $1.weighted } }
    }

    /// Deals won in one calendar month.
    public struct Month: Sendable, Hashable {
        public var year: Int
        public var month: Int
        public var count: Int
        public var amount: Int64
    }

    public var today: CalendarDay
    /// Nil when the user may not read activities.
    public var tasks: TaskBuckets?
    /// Today's meetings and the next six days', in order.
    public var meetings: [AgendaItem]
    public var pipelines: [Pipeline]
    /// The last twelve months, oldest first (the current one last).
    public var wins: [Month]
    public var changes: [DashboardStore.Change]
}

/// Builds the home dashboard of the acting user, through the same rights and visibility rules as the pages it
/// links to: nothing from a module the user may not read, nothing from a private project they do not belong to.
public struct DashboardService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    public func dashboard() async throws -> Dashboard {
        guard let actor = context.actor else { throw AppError.unauthorized }
        let today = CalendarDay(context.now)
        var board = Dashboard(today: today, tasks: nil, meetings: [], pipelines: [], wins: [], changes: [])
        let viewer = InteractionService.viewer(context)
        if context.allows(.read, .activities) {
            board.tasks = TaskBuckets(try await InteractionService(context).openTasks(), today: today)
            let start = today.startDate()
            board.meetings = try await AgendaService(context).items(from: start, to: today.adding(days: 7).startDate())
            let catalog = try await ActivityCatalog.load(context.db)
            let sums = Dictionary(
                uniqueKeysWithValues: try await DashboardStore.deals(owner: actor.userID, viewer: viewer, on: context.db).map {
                    ($0.stageID, $0)
                })
            for type in catalog.types where type.hasPipeline && type.active {
                let stages = catalog.stages(of: type.id)
                var pipeline = Dashboard.Pipeline(type: type, open: [], won: (0, 0), lost: (0, 0))
                for stage in stages {
                    let sum = sums[stage.id]
                    switch stage.outcome {
                    case "won": pipeline.won = (pipeline.won.count + (sum?.count ?? 0), pipeline.won.amount + (sum?.amount ?? 0))
                    case "lost": pipeline.lost = (pipeline.lost.count + (sum?.count ?? 0), pipeline.lost.amount + (sum?.amount ?? 0))
                    default:
                        guard stage.active || sum != nil else { continue }
                        let amount = sum?.amount ?? 0
                        pipeline.open.append(
                            .init(stage: stage, count: sum?.count ?? 0, amount: amount, weighted: amount * stage.probability / 100))
                    }
                }
                // A pipeline the user has no deal in stays off the dashboard (its board is one click away), unless none has any.
                if pipeline.openCount + pipeline.won.count + pipeline.lost.count > 0 { board.pipelines.append(pipeline) }
            }
            if board.pipelines.isEmpty, let first = catalog.types.first(where: { $0.hasPipeline && $0.active }) {
                board.pipelines = [
                    Dashboard.Pipeline(
                        type: first,
                        open: catalog.stages(of: first.id).filter { $0.active && $0.outcome == "open" }.map {
                            .init(stage: $0, count: 0, amount: 0, weighted: 0)
                        }, won: (0, 0), lost: (0, 0))
                ]
            }
            let firstMonth = CalendarDay(year: today.year, month: today.month, day: 1)!.adding(months: -11)
            let won = catalog.stages.filter { $0.outcome == "won" }.map(\.id)
            let wins = try await DashboardStore.wins(
                owner: actor.userID, stages: won, since: firstMonth.startDate(), viewer: viewer, on: context.db)
            var byMonth: [Int: (count: Int, amount: Int64)] = [:]
            for win in wins {
                let day = CalendarDay(win.at)
                let key = day.year * 12 + day.month
                byMonth[key] = ((byMonth[key]?.count ?? 0) + 1, (byMonth[key]?.amount ?? 0) + win.amount)
            }
            board.wins = (0..<12).map { offset in
                let month = firstMonth.adding(months: offset)
                let sum = byMonth[month.year * 12 + month.month]
                return Dashboard.Month(year: month.year, month: month.month, count: sum?.count ?? 0, amount: sum?.amount ?? 0)
            }
        }
        let readable = DashboardStore.ownedTables.filter { table in
            switch table {
            case "interactions": return context.allows(.read, .activities)
            case "projects": return context.allows(.read, .projects)
            default: return context.allows(.read, .directory)
            }
        }
        board.changes = try await DashboardStore.changes(owner: actor.userID, viewer: viewer, on: context.db).filter {
            readable.contains($0.entity)
        }
        return board
    }
}
