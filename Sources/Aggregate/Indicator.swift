/// The contract's annual indicators, in report order.
public enum Indicator: String, CaseIterable, Sendable {
    case jobsTotal = "jobs_total"
    case jobsAbroad = "jobs_abroad"
    case vetEnrolledTotal = "vet_enrolled_total"
    case vetEnrolledCollege = "vet_enrolled_college"
    case vetEnrolledIntermediate = "vet_enrolled_intermediate"
    case vetEnrolledElementary = "vet_enrolled_elementary"
    case totalHouseholds = "total_households"
    case poorHouseholds = "poor_households"
    case poorRatePct = "poor_rate_pct"
    case nearPoorHouseholds = "near_poor_households"
    case nearPoorRatePct = "near_poor_rate_pct"
    case poorRateReductionPP = "poor_rate_reduction_pp"
    case nearPoorRateReductionPP = "near_poor_rate_reduction_pp"
}

/// The contract's indicators of a payment month.
public enum PeriodIndicator: String, CaseIterable, Sendable {
    case paidBeneficiaries = "paid_beneficiaries"
    case noncashBeneficiaries = "noncash_beneficiaries"
    case noncashRatePct = "noncash_rate_pct"
    case amountPaid = "amount_paid"
    case amountAtRisk = "amount_at_risk"
}
