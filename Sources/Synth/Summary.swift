extension World {
    /// Counts the persons of each recruitment indicator once per year, for the district of their
    /// first row in (source_file, source_line) order.
    func countRecruitment(_ book: RecruitBook, placed: [(row: Int, file: String, line: Int)], truth: TruthLedger) {
        struct First { var file: String; var line: Int; var district: Int; var kind: RecruitKind }
        var first: [Int64: First] = [:]
        var order: [Int64] = []
        for p in placed {
            let row = book.rows[p.row]
            let year = row.date.y
            let key = Int64(row.person) << 16 | Int64(year)
            let candidate = First(file: p.file, line: p.line, district: Int(row.district), kind: row.kind)
            if let f = first[key] {
                let earlier = f.file != p.file ? p.file.utf8.lexicographicallyPrecedes(f.file.utf8) : p.line < f.line
                if earlier { first[key] = candidate }
            } else {
                first[key] = candidate
                order.append(key)
            }
        }
        for key in order {
            guard let f = first[key] else { continue }
            let year = Int(key & 0xFFFF)
            truth.year(year, f.district) { fig in
                switch f.kind {
                case .domestic: fig.jobsTotal += 1
                case .abroad: fig.jobsTotal += 1; fig.jobsAbroad += 1
                case .college: fig.vetCollege += 1
                case .intermediate: fig.vetIntermediate += 1
                case .elementary: fig.vetElementary += 1
                }
            }
        }
    }

    /// Counts taken from the generator's sets.
    func summary(_ households: HouseholdBook, _ recruits: RecruitBook) -> SynthSummary {
        var roles: [String: Int] = [:]
        for r in records { roles[String(describing: r.role), default: 0] += 1 }
        let paid = records.filter { $0.role.isPaid }
        func count(_ role: Role) -> Int { roles[String(describing: role)] ?? 0 }
        let planned: [String: Int] = [
            ExceptionType.paidNotRegistered.rawValue: unregistered.reduce(0) { $0 + $1.count },
            ExceptionType.registeredNotPaid.rawValue: count(.notPaid) + count(.duplicateRecordUnpaid),
            ExceptionType.paidAfterEnd.rawValue: count(.paidAfterEnd),
            ExceptionType.amountMismatch.rawValue: count(.amountMismatch),
            ExceptionType.duplicatePayment.rawValue: 2 * count(.duplicatePayment),
            ExceptionType.duplicateRecord.rawValue: count(.duplicateRecordPaid) + count(.duplicateRecordUnpaid),
            ExceptionType.identityConflict.rawValue: conflictPayee.count,
            ExceptionType.needsReview.rawValue: count(.typoReview) + namesakeOriginals.count,
        ]
        var poor: [Int: Int] = [:], near: [Int: Int] = [:], total: [Int: Int] = [:]
        var consistent = true
        for (y, list) in households.listed {
            var seenPoor = Set<Int>(), seenNear = Set<Int>()
            var perCommune = [Int](repeating: 0, count: gazetteer.communes.count)
            for (h, isPoor) in list {
                if isPoor { seenPoor.insert(h) } else { seenNear.insert(h) }
                perCommune[Int(households.households[h].commune)] += 1
            }
            poor[y] = seenPoor.count
            near[y] = seenNear.count
            let totals = households.totals[y] ?? []
            total[y] = totals.reduce(0, +)
            for c in perCommune.indices where c < totals.count && perCommune[c] > 0 && perCommune[c] >= totals[c] {
                consistent = false
            }
        }
        var recruitment: [String: Int] = [:]
        var seen = Set<Int32>()
        for row in recruits.rows where row.variant != .undated && row.date.y == config.year && !seen.contains(row.person) {
            seen.insert(row.person)
            switch row.kind {
            case .domestic: recruitment["jobs_total", default: 0] += 1
            case .abroad: recruitment["jobs_total", default: 0] += 1; recruitment["jobs_abroad", default: 0] += 1
            case .college: recruitment["vet_enrolled_college", default: 0] += 1
            case .intermediate: recruitment["vet_enrolled_intermediate", default: 0] += 1
            case .elementary: recruitment["vet_enrolled_elementary", default: 0] += 1
            }
        }
        recruitment["vet_enrolled_total"] = (recruitment["vet_enrolled_college"] ?? 0)
            + (recruitment["vet_enrolled_intermediate"] ?? 0) + (recruitment["vet_enrolled_elementary"] ?? 0)
        return SynthSummary(
            registryRecords: records.count,
            nccRecords: records.filter { $0.program == .ncc }.count,
            btxhRecords: records.filter { $0.program == .btxh }.count,
            paidRecords: paid.count,
            noncashPaidRecords: paid.filter { $0.noncash }.count,
            roles: roles, plannedExceptions: planned,
            poorHouseholds: poor, nearPoorHouseholds: near, totalHouseholds: total,
            recruitment: recruitment, recruitmentRows: recruits.rows.count,
            largestNameBucket: index.largestBucket, householdsConsistent: consistent)
    }
}
