/// What a run did.
public struct MigrationReport: Sendable, Hashable {
    public var direction: Plan.Direction
    /// The steps that completed, in order.
    public var steps: [StepResult]
    /// The current version after the run.
    public var currentVersion: MigrationVersion?

    public init(direction: Plan.Direction, steps: [StepResult], currentVersion: MigrationVersion?) {
        self.direction = direction
        self.steps = steps
        self.currentVersion = currentVersion
    }
}

/// One completed step.
public struct StepResult: Sendable, Hashable {
    public var version: MigrationVersion
    public var name: String
    public var direction: Plan.Direction
    /// How many statements ran in this run.
    public var statements: Int
    /// How long the statements took, in milliseconds.
    public var milliseconds: Double
}

/// Progress of a run, reported as it happens (the command line prints it).
public enum MigrationProgress: Sendable {
    /// The plan is about to be rehearsed on a copy of the schema.
    case rehearsalStarted(Plan)
    /// Every step of the plan ran on the copy; the real run starts.
    case rehearsalFinished(Plan, Duration)
    case stepStarted(PlanStep)
    case stepFinished(PlanStep, StepResult)
}

extension Duration {
    /// The duration in milliseconds, as a fraction.
    public var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1_000 + Double(parts.attoseconds) / 1e15
    }
}
