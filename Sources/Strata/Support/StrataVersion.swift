/// The version of this build of Strata, recorded in every history row it writes.
public enum StrataVersion {
    public static let current = "0.1.0"
}
