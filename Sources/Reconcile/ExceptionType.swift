/// The contract's reconciliation findings.
public enum ExceptionType: String, CaseIterable, Sendable {
    case paidNotRegistered = "PAID_NOT_REGISTERED"
    case registeredNotPaid = "REGISTERED_NOT_PAID"
    case paidAfterEnd = "PAID_AFTER_END"
    case amountMismatch = "AMOUNT_MISMATCH"
    case duplicatePayment = "DUPLICATE_PAYMENT"
    case duplicateRecord = "DUPLICATE_RECORD"
    case identityConflict = "IDENTITY_CONFLICT"
    case needsReview = "NEEDS_REVIEW"
}
