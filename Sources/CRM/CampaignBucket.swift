import Crypto
import Foundation

/// The deterministic holdout of a campaign, in the way Braze buckets users 0–9999: every node re-derives a member's
/// group from the campaign and customer ids alone, so `campaign verify` can check the rows any node wrote.
public enum CampaignBucket {
    /// Buckets per campaign; a holdout of h % takes the buckets below h × 100.
    public static let count = 10_000

    /// The first 4 bytes, big-endian, of SHA-256(campaign id ‖ 0x00 ‖ customer id), mod 10,000 (ids as UTF-8).
    public static func bucket(campaign: String, customer: String) -> Int {
        var bytes = Array(campaign.utf8)
        bytes.append(0)
        bytes.append(contentsOf: customer.utf8)
        let digest = Array(SHA256.hash(data: bytes))
        let word = UInt32(digest[0]) << 24 | UInt32(digest[1]) << 16 | UInt32(digest[2]) << 8 | UInt32(digest[3])
        return Int(word % UInt32(count))
    }

    /// Whether `bucket` is in the control group of a campaign holding out `holdoutPercent` %.
    public static func isControl(bucket: Int, holdoutPercent: Double) -> Bool {
        Double(bucket) < holdoutPercent * 100
    }
}
