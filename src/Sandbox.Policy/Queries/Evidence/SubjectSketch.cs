using System.Buffers.Binary;

namespace Sandbox.Policy.Queries.Evidence;

/// <summary>
/// The fingerprint of the set of subjects one output cell rests on: an invertible Bloom lookup table over the
/// subjects' 64-bit hashes. It holds no value and no subject, only XORs of hashes per slot, yet the difference of two
/// sketches decodes exactly when the two sets differ by few subjects — which is what differencing two outputs
/// exploits and what the export gate must see.
/// </summary>
/// <remarks>
/// Three hash functions, each over its own partition of <see cref="SlotsPerPartition"/> slots, so a subject never
/// lands twice in one slot. With 30 slots a difference of up to about 15 subjects decodes with high probability; a
/// larger one does not decode, which is the answer too: it rests on many subjects.
/// </remarks>
public sealed class SubjectSketch
{
    /// <summary>Slots per hash function.</summary>
    public const int SlotsPerPartition = 10;

    private const int Partitions = 3;
    private const int Slots = Partitions * SlotsPerPartition;
    private const int SlotBytes = 4 + 8 + 4;

    private readonly int[] _counts = new int[Slots];
    private readonly ulong[] _keys = new ulong[Slots];
    private readonly uint[] _checks = new uint[Slots];

    /// <summary>The number of subjects added.</summary>
    public long Subjects { get; private set; }

    /// <summary>Adds one subject by its 64-bit hash (DuckDB's <c>hash()</c> of the subject value).</summary>
    public void Add(ulong subject)
    {
        Subjects++;
        Toggle(subject, +1);
    }

    /// <summary>
    /// Where <paramref name="subject"/> lands: its slot in each partition as one number (<c>100·s0 + 10·s1 + s2</c>,
    /// each in-partition slot 0–9) in the low 32 bits, its check in the high 32. Subjects with the same bucket
    /// (<c>value &amp; 0xFFFFFFFF</c>) land in the same slots, so a set can be summed per bucket where it is (in SQL, see
    /// <see cref="AddBucket"/>) and only the sums travel.
    /// </summary>
    public static ulong Bucket(ulong subject)
    {
        ulong code = 0;
        for (int p = 0; p < Partitions; p++)
        {
            code = (code * SlotsPerPartition) + (ulong)(Slot(subject, p) - (p * SlotsPerPartition));
        }

        return ((ulong)Check(subject) << 32) | code;
    }

    /// <summary>The number of distinct buckets (<see cref="Bucket"/>'s low 32 bits are below it).</summary>
    public const int Buckets = SlotsPerPartition * SlotsPerPartition * SlotsPerPartition;

    /// <summary>
    /// Adds the subjects of one bucket at once: their number, the XOR of their hashes and the XOR of their checks
    /// (<see cref="Bucket"/>'s high 32 bits) — exactly what adding each of them with <see cref="Add"/> would do.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The bucket or the count is out of range.</exception>
    public void AddBucket(int bucket, long subjects, ulong hashes, uint checks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bucket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bucket, Buckets);
        ArgumentOutOfRangeException.ThrowIfNegative(subjects);
        if (subjects == 0) return;
        Subjects += subjects;
        int rest = bucket;
        for (int p = Partitions - 1; p >= 0; p--, rest /= SlotsPerPartition)
        {
            int slot = (p * SlotsPerPartition) + (rest % SlotsPerPartition);
            // Slot counts are 32-bit in the bytes, as Add's are: wrapping alike keeps the two ways identical.
            _counts[slot] = unchecked(_counts[slot] + (int)subjects);
            _keys[slot] ^= hashes;
            _checks[slot] ^= checks;
        }
    }

    /// <summary>The sketch as bytes (16 per slot: count, key XOR, check XOR, little-endian).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Slots * SlotBytes + 8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, Subjects);
        for (int i = 0; i < Slots; i++)
        {
            var slot = bytes.AsSpan(8 + (i * SlotBytes), SlotBytes);
            BinaryPrimitives.WriteInt32LittleEndian(slot, _counts[i]);
            BinaryPrimitives.WriteUInt64LittleEndian(slot[4..], _keys[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(slot[12..], _checks[i]);
        }

        return bytes;
    }

    /// <summary>Reads a sketch written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a sketch.</exception>
    public static SubjectSketch FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != (Slots * SlotBytes) + 8)
        {
            throw new FormatException($"a subject sketch has {(Slots * SlotBytes) + 8} bytes, not {bytes.Length}");
        }

        var sketch = new SubjectSketch { Subjects = BinaryPrimitives.ReadInt64LittleEndian(bytes) };
        for (int i = 0; i < Slots; i++)
        {
            var slot = bytes.Slice(8 + (i * SlotBytes), SlotBytes);
            sketch._counts[i] = BinaryPrimitives.ReadInt32LittleEndian(slot);
            sketch._keys[i] = BinaryPrimitives.ReadUInt64LittleEndian(slot[4..]);
            sketch._checks[i] = BinaryPrimitives.ReadUInt32LittleEndian(slot[12..]);
        }

        return sketch;
    }

    /// <summary>
    /// How many subjects are in one set and not the other (the symmetric difference), when the difference decodes;
    /// null when it does not, which means it is large (more than a dozen or so subjects).
    /// </summary>
    public static int? Difference(SubjectSketch a, SubjectSketch b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new SubjectSketch();
        for (int i = 0; i < Slots; i++)
        {
            d._counts[i] = a._counts[i] - b._counts[i];
            d._keys[i] = a._keys[i] ^ b._keys[i];
            d._checks[i] = a._checks[i] ^ b._checks[i];
        }

        // Peel: a slot holding exactly one subject (count ±1, its check matching its key) names it; removing it
        // from its other slots may make them pure in turn.
        int found = 0;
        bool progress = true;
        while (progress)
        {
            progress = false;
            for (int i = 0; i < Slots; i++)
            {
                if (d._counts[i] is 1 or -1 && d._checks[i] == Check(d._keys[i]) && Slot(d._keys[i], i / SlotsPerPartition) == i)
                {
                    d.Toggle(d._keys[i], -d._counts[i]);
                    found++;
                    progress = true;
                }
            }
        }

        for (int i = 0; i < Slots; i++)
        {
            if (d._counts[i] != 0 || d._keys[i] != 0 || d._checks[i] != 0)
            {
                return null;
            }
        }

        return found;
    }

    private void Toggle(ulong subject, int count)
    {
        uint check = Check(subject);
        for (int p = 0; p < Partitions; p++)
        {
            int slot = Slot(subject, p);
            _counts[slot] += count;
            _keys[slot] ^= subject;
            _checks[slot] ^= check;
        }
    }

    private static int Slot(ulong subject, int partition) =>
        (partition * SlotsPerPartition) + (int)(Mix(subject + (ulong)partition) % SlotsPerPartition);

    private static uint Check(ulong subject) => (uint)(Mix(subject ^ 0x5bd1e9955bd1e995UL) >> 32);

    // SplitMix64's finalizer: every input bit moves every output bit, so slots and checks look independent.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        return z ^ (z >> 31);
    }
}
