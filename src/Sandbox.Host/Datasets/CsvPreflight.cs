using System.Text;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Datasets;

/// <summary>
/// One streaming pass over a provider's CSV before DuckDB sees it: the bytes must decode in the named encoding, the
/// header must name every column once, and every record must have the header's field count. A file in another
/// encoding is written out as UTF-8 on the way (<see cref="Check"/>'s utf8Copy), so DuckDB only ever reads UTF-8.
/// Errors are one line naming the file and the physical line (where the record starts); no value is echoed.
/// </summary>
internal static class CsvPreflight
{
    private const int ChunkBytes = 1 << 16;

    /// <summary>The encodings --encoding accepts, by the names users type.</summary>
    public static readonly IReadOnlyList<string> EncodingNames = ["utf-8", "gbk", "gb18030"];

    static CsvPreflight() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The strict (throwing) encoding for <paramref name="name"/>, or an input error naming the option.</summary>
    public static Encoding EncodingFor(string name) => name.Trim().ToLowerInvariant() switch
    {
        "utf-8" or "utf8" => new UTF8Encoding(false, throwOnInvalidBytes: true),
        "gbk" or "cp936" or "gb2312" => Strict(936),
        "gb18030" => Strict(54936),
        _ => throw new InputException(new LocalMessage("import.encoding-unknown", ("name", name), ("known", string.Join(", ", EncodingNames)))),
    };

    private static Encoding Strict(int codePage) =>
        Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    /// <summary>What the pass found.</summary>
    public sealed record Result(IReadOnlyList<string> Header, long Records);

    /// <summary>
    /// Checks <paramref name="file"/>; with <paramref name="utf8Copy"/> writes its text there as UTF-8.
    /// <paramref name="progress"/> is told the bytes read so far.
    /// </summary>
    public static Result Check(string file, Encoding encoding, char delimiter, string? utf8Copy, Action<long>? progress = null)
    {
        var length = new FileInfo(file).Length;
        if (length == 0) throw new InputException(new LocalMessage("import.empty", ("file", file)));

        var isUtf8 = encoding is UTF8Encoding;
        var decoder = encoding.GetDecoder();
        var parser = new Parser(file, delimiter);
        using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkBytes, FileOptions.SequentialScan);
        using var output = utf8Copy is null ? null : new StreamWriter(utf8Copy, false, new UTF8Encoding(false), ChunkBytes);
        var bytes = new byte[ChunkBytes];
        var chars = new char[encoding.GetMaxCharCount(ChunkBytes) + 4];
        long offset = 0, lines = 1;
        var first = true;
        while (true)
        {
            var read = input.Read(bytes, 0, bytes.Length);
            var flush = read == 0;
            var start = 0;
            // A UTF-8 byte order mark is not part of the first column's name.
            if (first && isUtf8 && read >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) start = 3;
            first = false;
            int count;
            try
            {
                count = decoder.GetChars(bytes, start, read - start, chars, 0, flush);
            }
            catch (DecoderFallbackException ex)
            {
                // The index is negative when the bad sequence began in the previous chunk (no line break inside it).
                var bad = offset + start + ex.Index;
                var line = lines + bytes.AsSpan(0, Math.Clamp(start + ex.Index, 0, read)).Count((byte)'\n');
                throw new InputException(Undecodable(file, encoding, line, bad));
            }
            lines += bytes.AsSpan(0, read).Count((byte)'\n');
            offset += read;
            parser.Feed(chars.AsSpan(0, count));
            output?.Write(chars, 0, count);
            progress?.Invoke(offset);
            if (flush) break;
        }
        return parser.Finish();
    }

    private static LocalMessage Undecodable(string file, Encoding encoding, long line, long offset)
    {
        var name = encoding.CodePage switch { 936 => "GBK", 54936 => "GB18030", _ => "UTF-8" };
        var id = encoding is not UTF8Encoding ? "import.undecodable" : LooksChinese(file, Strict(54936)) ? "import.undecodable-chinese" : "import.undecodable-utf8";
        return new LocalMessage(id, ("file", file), ("line", line), ("offset", offset), ("encoding", name), ("known", string.Join(", ", EncodingNames)));
    }

    // Whether the whole file decodes cleanly as Chinese text (streamed, nothing kept): at least one CJK ideograph and
    // no private-use character (where the Windows tables put bytes GB18030 leaves undefined, such as 0xFF).
    private static bool LooksChinese(string file, Encoding encoding)
    {
        try
        {
            using var reader = new StreamReader(file, encoding, detectEncodingFromByteOrderMarks: false, ChunkBytes);
            var buffer = new char[ChunkBytes];
            var ideographs = false;
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                foreach (var c in buffer.AsSpan(0, read))
                {
                    if (c is >= '\uE000' and <= '\uF8FF') return false;
                    if (c is >= '\u4E00' and <= '\u9FFF') ideographs = true;
                }
            }
            return ideographs;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>An RFC 4180 record scanner fed in chunks: counts fields, keeps only the header's names.</summary>
    private sealed class Parser(string file, char delimiter)
    {
        private readonly StringBuilder _field = new();
        private readonly List<string> _header = [];
        private bool _inHeader = true;
        private bool _quoted;           // inside a quoted field
        private bool _quoteSeen;        // a quote just closed (or an escaped "" is pending)
        private bool _recordStarted;    // any character of the current record seen
        private int _fields = 1;
        private long _line = 1;          // the physical line being read
        private long _recordLine = 1;    // where the current record starts
        private long _records;

        public void Feed(ReadOnlySpan<char> text)
        {
            foreach (var c in text)
            {
                if (_quoted)
                {
                    if (c == '"')
                    {
                        if (_quoteSeen) { Append('"'); _quoteSeen = false; continue; }
                        _quoteSeen = true;
                        continue;
                    }
                    if (!_quoteSeen)
                    {
                        if (c == '\n') _line++;
                        Append(c);
                        continue;
                    }
                    _quoted = false;   // the quote closed the field: only a separator or the line's end may follow
                    if (c != delimiter && c != '\n' && c != '\r')
                    {
                        throw new InputException(new LocalMessage("import.after-quote", ("file", file), ("line", _line), ("field", _fields)));
                    }
                }
                _quoteSeen = false;
                if (c == '"' && _atFieldStart)
                {
                    _quoted = true;
                    _atFieldStart = false;
                    _recordStarted = true;
                    continue;
                }
                if (c == '\r') continue;
                if (c == '\n')
                {
                    EndRecord();
                    _line++;
                    _recordLine = _line;
                    continue;
                }
                _recordStarted = true;
                if (c == delimiter)
                {
                    EndField();
                    _fields++;
                    continue;
                }
                Append(c);
            }
        }

        public Result Finish()
        {
            if (_quoted && !_quoteSeen) throw new InputException(new LocalMessage("import.quote-open", ("file", file), ("line", _recordLine)));
            EndRecord();
            if (_inHeader) throw new InputException(new LocalMessage("import.header-empty", ("file", file)));
            return new Result(_header, _records);
        }

        private bool _atFieldStart = true;

        private void Append(char c)
        {
            if (_inHeader) _field.Append(c);
            _atFieldStart = false;
        }

        private void EndField()
        {
            if (_inHeader) _header.Add(_field.ToString());
            _field.Clear();
            _atFieldStart = true;
        }

        private void EndRecord()
        {
            _quoted = false;
            _quoteSeen = false;
            if (!_recordStarted)
            {
                // A blank line holds no record.
                _fields = 1;
                _atFieldStart = true;
                return;
            }
            EndField();
            if (_inHeader)
            {
                CheckHeader();
                _inHeader = false;
            }
            else
            {
                if (_fields != _header.Count)
                {
                    throw new InputException(new LocalMessage("import.ragged", ("file", file), ("line", _recordLine), ("expected", _header.Count), ("found", _fields)));
                }
                _records++;
            }
            _fields = 1;
            _recordStarted = false;
            _atFieldStart = true;
        }

        private void CheckHeader()
        {
            if (_header.All(h => h.Trim().Length == 0)) throw new InputException(new LocalMessage("import.header-empty", ("file", file)));
            var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < _header.Count; i++)
            {
                var name = _header[i].Trim();
                if (name.Length == 0) throw new InputException(new LocalMessage("import.header-unnamed", ("file", file), ("line", _recordLine), ("column", i + 1)));
                if (seen.TryGetValue(name, out var before))
                {
                    throw new InputException(new LocalMessage("import.header-duplicate", ("file", file), ("line", _recordLine),
                        ("first", _header[before].Trim()), ("firstColumn", before + 1), ("second", name), ("secondColumn", i + 1)));
                }
                seen[name] = i;
            }
        }
    }
}
