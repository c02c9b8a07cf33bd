/// The module grid of a symbol being built: function patterns, codewords, mask, format and version information.
struct QRMatrix {
    let version: Int
    let size: Int
    /// Row-major; true for dark.
    private(set) var modules: [Bool]
    /// Modules of function patterns (finders, timing, alignment, format and version areas), never masked.
    private var isFunction: [Bool]
    private(set) var mask = 0

    /// A grid with the function patterns of `version` drawn and the format area reserved.
    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
        drawFunctionPatterns()
    }

    /// The finished symbol: `codewords` placed and masked with `mask`, or with the mask of lowest penalty when nil.
    static func symbol(version: Int, level: QRCode.ErrorCorrection, codewords: [UInt8], mask: Int?) -> QRMatrix {
        var unmasked = QRMatrix(version: version)
        unmasked.place(codewords)
        var best: (matrix: QRMatrix, penalty: Int)?
        for candidate in mask.map({ [$0] }) ?? Array(0..<8) {
            var matrix = unmasked
            matrix.apply(mask: candidate)
            matrix.drawFormatInformation(level: level, mask: candidate)
            // Scored with format information drawn, as most encoders do (the standard leaves it open).
            let penalty = mask == nil ? matrix.penalty() : 0
            if best == nil || penalty < best!.penalty { best = (matrix, penalty) }
        }
        return best!.matrix
    }

    subscript(x: Int, y: Int) -> Bool {
        get { modules[y * size + x] }
        set { modules[y * size + x] = newValue }
    }

    private mutating func setFunction(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    // MARK: Function patterns (§6.3)

    private mutating func drawFunctionPatterns() {
        for index in 0..<size {
            setFunction(6, index, index % 2 == 0)
            setFunction(index, 6, index % 2 == 0)
        }
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            // The 7×7 finder and its light separator ring, clipped at the symbol's edge.
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(x + dx) && (0..<size).contains(y + dy) {
                    let ring = max(abs(dx), abs(dy))
                    setFunction(x + dx, y + dy, ring != 2 && ring != 4)
                }
            }
        }
        let centres = QRTables.alignmentPatternCentres(version: version)
        for (row, y) in centres.enumerated() {
            for (column, x) in centres.enumerated() {
                let last = centres.count - 1
                if (row == 0 && column == 0) || (row == 0 && column == last) || (row == last && column == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(x + dx, y + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        // Reserve the format areas now; the real bits are drawn once the mask is known.
        drawFormatInformation(level: .medium, mask: 0)
        drawVersionInformation()
    }

    /// The 15 format bits: level and mask, BCH(15,5) protected, XOR 0x5412 (§7.9).
    static func formatBits(level: QRCode.ErrorCorrection, mask: Int) -> Int {
        let levelBits =
            switch level {
            case .low: 0b01
            case .medium: 0b00
            case .quartile: 0b11
            case .high: 0b10
            }
        let data = levelBits << 3 | mask
        return (data << 10 | bchRemainder(data << 10, generator: 0b101_0011_0111)) ^ 0b101_0100_0001_0010
    }

    /// The 18 version bits: the version, BCH(18,6) protected (§7.10).
    static func versionBits(version: Int) -> Int {
        version << 12 | bchRemainder(version << 12, generator: 0b1_1111_0010_0101)
    }

    /// The remainder of the polynomial `value` divided by `generator`, over GF(2).
    static func bchRemainder(_ value: Int, generator: Int) -> Int {
        let degree = generator.bitWidth - generator.leadingZeroBitCount - 1
        var remainder = value
        while remainder.bitWidth - remainder.leadingZeroBitCount - 1 >= degree {
            remainder ^= generator << (remainder.bitWidth - remainder.leadingZeroBitCount - 1 - degree)
        }
        return remainder
    }

    mutating func drawFormatInformation(level: QRCode.ErrorCorrection, mask: Int) {
        let bits = Self.formatBits(level: level, mask: mask)
        func bit(_ index: Int) -> Bool { bits >> index & 1 == 1 }
        // Around the top-left finder: bits 0–7 down column 8 (skipping the timing row), 8–14 leftwards along row 8.
        for index in 0...5 { setFunction(8, index, bit(index)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for index in 9..<15 { setFunction(14 - index, 8, bit(index)) }
        // The copy: bits 0–7 along row 8 from the right edge, 8–14 down column 8 near the bottom.
        for index in 0..<8 { setFunction(size - 1 - index, 8, bit(index)) }
        for index in 8..<15 { setFunction(8, size - 15 + index, bit(index)) }
        setFunction(8, size - 8, true)  // the dark module
    }

    private mutating func drawVersionInformation() {
        guard version >= 7 else { return }
        let bits = Self.versionBits(version: version)
        for index in 0..<18 {
            let dark = bits >> index & 1 == 1
            let (a, b) = (size - 11 + index % 3, index / 3)
            setFunction(a, b, dark)  // the 3×6 block left of the top-right finder
            setFunction(b, a, dark)  // and its transpose above the bottom-left finder
        }
    }

    // MARK: Codewords and masks (§7.7, §7.8)

    /// Places the codewords' bits in two-module columns, zigzagging up and down from the bottom right.
    mutating func place(_ codewords: [UInt8]) {
        let bitCount = codewords.count * 8
        var next = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }  // the vertical timing pattern takes a whole column
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y * size + x] {
                    // Modules left after the last codeword are remainder bits, light before masking.
                    if next < bitCount {
                        self[x, y] = codewords[next / 8] >> (7 - next % 8) & 1 == 1
                        next += 1
                    }
                }
            }
            right -= 2
        }
        precondition(next == bitCount, "QRMatrix: codewords do not fit")
    }

    /// Whether mask `pattern` flips the module at column `x`, row `y` (table 10, with i the row and j the column).
    static func masks(_ pattern: Int, x: Int, y: Int) -> Bool {
        switch pattern {
        case 0: (y + x) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (y + x) % 3 == 0
        case 4: (y / 2 + x / 3) % 2 == 0
        case 5: (y * x) % 2 + (y * x) % 3 == 0
        case 6: ((y * x) % 2 + (y * x) % 3) % 2 == 0
        default: ((y + x) % 2 + (y * x) % 3) % 2 == 0
        }
    }

    mutating func apply(mask pattern: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && Self.masks(pattern, x: x, y: y) {
                modules[y * size + x].toggle()
            }
        }
        mask = pattern
    }

    // MARK: Penalty (§7.8.3)

    /// The penalty score of the symbol: runs, 2×2 blocks, finder-like patterns and dark/light balance.
    func penalty() -> Int {
        var score = 0
        var runs: [Int] = []
        runs.reserveCapacity(size + 2)
        for index in 0..<size {
            score += Self.linePenalty(modules, start: index * size, step: 1, count: size, runs: &runs)
            score += Self.linePenalty(modules, start: index, step: size, count: size, runs: &runs)
        }
        modules.withUnsafeBufferPointer { modules in
            for y in 0..<(size - 1) {
                for x in 0..<(size - 1) {
                    let at = y * size + x
                    let colour = modules[at]
                    if modules[at + 1] == colour && modules[at + size] == colour && modules[at + size + 1] == colour { score += 3 }
                }
            }
        }
        let dark = modules.count(where: { $0 })
        let total = size * size
        // The smallest k with the dark share within (50 ± 5(k + 1)) %; size is odd, so the share is never exactly 50 %.
        let k = (abs(dark * 20 - total * 10) + total - 1) / total - 1
        score += 10 * k
        return score
    }

    /// The penalties of one row or column given on its own (for tests).
    static func linePenalty(_ line: [Bool]) -> Int {
        var runs: [Int] = []
        return linePenalty(line, start: 0, step: 1, count: line.count, runs: &runs)
    }

    /// The penalties of the line of `count` modules from `start` by `step`: N1 for runs of five or more, N3 for
    /// 1:1:3:1:1 finder-like patterns. `runs` is scratch space, reused across lines.
    static func linePenalty(_ modules: [Bool], start: Int, step: Int, count: Int, runs: inout [Int]) -> Int {
        // Run lengths, alternating light and dark, starting with a light run (empty if the line starts dark).
        runs.removeAll(keepingCapacity: true)
        runs.append(0)
        var colour = false
        var score = 0
        modules.withUnsafeBufferPointer { modules in
            for index in stride(from: start, to: start + step * count, by: step) {
                if modules[index] == colour {
                    runs[runs.count - 1] += 1
                } else {
                    runs.append(1)
                    colour = modules[index]
                }
            }
        }
        for length in runs where length >= 5 { score += 3 + length - 5 }
        // For finder-like patterns the outside of the symbol counts as light: widen the first and last light runs.
        if colour { runs.append(0) }
        runs[0] += count
        runs[runs.count - 1] += count
        // Light runs are at even indices: a light, dark, light, dark×3, light, dark, light sequence with four times
        // the unit of light on one side (and at least one unit on the other) scores once per such side.
        for end in stride(from: 6, to: runs.count, by: 2) {
            let unit = runs[end - 1]
            guard unit > 0, runs[end - 2] == unit, runs[end - 3] == 3 * unit, runs[end - 4] == unit, runs[end - 5] == unit
            else { continue }
            if runs[end] >= 4 * unit && runs[end - 6] >= unit { score += 40 }
            if runs[end - 6] >= 4 * unit && runs[end] >= unit { score += 40 }
        }
        return score
    }
}
