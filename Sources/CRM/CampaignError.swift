import Replica

/// Why a campaign command was refused; each message says what to do instead.
public enum CampaignError: Error, Equatable, CustomStringConvertible {
    case unknownCampaign(String)
    case unknownSegment(String)
    case invalidName(String)
    case invalidID(String)
    case duplicateID(String)
    case datesOutOfOrder(starts: String, ends: String)
    case invalidDate(String)
    case holdoutOutOfRange(Double)
    case invalidGoal(String)
    case invalidAttributionDays(Int)
    case invalidChannel(String)
    case invalidOutcome(String)
    case alreadyLaunched(id: String, on: String)
    case notLaunched(String)
    case notAllowedToLaunch(node: String, creator: String)
    case controlMember(campaign: String, customer: String)
    case notMember(campaign: String, customer: String)
    case noteTooLong(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .unknownCampaign(let id): return "no campaign '\(id)' (see `outpost campaign list`)"
        case .unknownSegment(let name): return "no segment '\(name)' (see `outpost segment list`)"
        case .invalidName(let name): return "a campaign name is 1 to 100 characters, got '\(name.prefix(120))'"
        case .invalidID(let id):
            return
                "a campaign id is 1 to 64 letters, digits, '-', '_' or '.', not starting with a symbol; got '\(id.prefix(80))'"
        case .duplicateID(let id): return "a campaign '\(id)' exists already; choose another --id"
        case .datesOutOfOrder(let starts, let ends): return "--ends \(ends) is before --starts \(starts)"
        case .invalidDate(let text): return "'\(text)' is not a YYYY-MM-DD day"
        case .holdoutOutOfRange(let value):
            return "--holdout is a percentage from 1 to 50, got \(value)"
        case .invalidGoal(let text):
            return "--goal '\(text)' is not any, sku:X, brand:X, category:X or price_tier:X"
        case .invalidAttributionDays(let days): return "--attribution-days is 0 to 365, got \(days)"
        case .invalidChannel(let text):
            return
                "--channel '\(text)' is not one of \(CRMVocabulary.campaignChannels.sorted().joined(separator: ", "))"
        case .invalidOutcome(let text):
            return "outcome '\(text)' is not one of \(CRMVocabulary.contactOutcomes.sorted().joined(separator: ", "))"
        case .alreadyLaunched(let id, let day): return "campaign \(id) was launched as of \(day); it launches once"
        case .notLaunched(let id): return "campaign \(id) is a draft: launch it first (`outpost campaign launch \(id)`)"
        case .notAllowedToLaunch(let node, let creator):
            return "only headquarters or the node that created the campaign (\(creator)) launches it, not \(node)"
        case .controlMember(let campaign, let customer):
            return "customer \(customer) is in the control group of \(campaign): contacting it would contaminate the "
                + "control, so it is refused"
        case .notMember(let campaign, let customer): return "customer \(customer) is not a member of \(campaign)"
        case .noteTooLong(let bytes, let limit): return "a note is at most \(limit) bytes, got \(bytes)"
        }
    }
}
