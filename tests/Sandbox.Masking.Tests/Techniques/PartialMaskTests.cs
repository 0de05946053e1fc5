using FsCheck.Xunit;
using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Tests.Techniques;

public sealed class PartialMaskTests
{
    [Theory]
    [InlineData("13800138000", 3, 4, "138****8000")]
    [InlineData("11010519491231002X", 6, 4, "110105********002X")]
    [InlineData("张三丰", 1, 0, "张**")]
    [InlineData("张三", 1, 0, "张*")]
    [InlineData("abcdef", 0, 0, "******")]
    public void KeepFirstLast_LongerThanKept_MasksMiddle(string value, int first, int last, string expected)
    {
        Assert.Equal(expected, PartialMask.KeepFirstLast(value, first, last));
    }

    [Theory]
    [InlineData("1234567", 3, 4, "*******")] // exactly first + last: would reveal everything
    [InlineData("12345", 3, 4, "*****")]
    [InlineData("张", 1, 0, "*")]
    [InlineData("ab", 1, 1, "**")]
    public void KeepFirstLast_ShortValue_MasksWhole(string value, int first, int last, string expected)
    {
        Assert.Equal(expected, PartialMask.KeepFirstLast(value, first, last));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void KeepFirstLast_NullOrEmpty_ReturnsEmpty(string? value)
    {
        Assert.Equal(string.Empty, PartialMask.KeepFirstLast(value!, 3, 4));
    }

    [Fact]
    public void KeepFirstLast_CustomMaskChar_UsesIt()
    {
        Assert.Equal("138####8000", PartialMask.KeepFirstLast("13800138000", 3, 4, '#'));
    }

    [Fact]
    public void KeepFirstLast_SurrogatePairAtBoundary_MasksWholePair()
    {
        // U+20BB7 (𠮷) is one code point, two UTF-16 chars: keeping one char would leave a lone surrogate.
        var value = "\uD842\uDFB7abc\uD842\uDFB7";

        var masked = PartialMask.KeepFirstLast(value, 1, 1);

        Assert.Equal("*******", masked);
    }

    [Fact]
    public void KeepFirstLast_SpanDestinationTooShort_Throws()
    {
        Assert.Throws<ArgumentException>(() => PartialMask.KeepFirstLast("abcdef".AsSpan(), new char[3], 1, 1));
    }

    [Fact]
    public void KeepFirstLast_NegativeCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PartialMask.KeepFirstLast("abcdef", -1, 1));
    }

    [Fact]
    public void KeepFirstLast_Span_DoesNotAllocate()
    {
        Span<char> destination = stackalloc char[18];
        var source = "11010519491231002X".AsSpan();
        PartialMask.KeepFirstLast(source, destination, 6, 4);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            PartialMask.KeepFirstLast(source, destination, 6, 4);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Property(MaxTest = 500)]
    public bool KeepFirstLast_AnyValue_KeepsLengthAndNeverReturnsNonEmptyValueAsIs(string? value, byte first, byte last)
    {
        if (string.IsNullOrEmpty(value))
        {
            return PartialMask.KeepFirstLast(value!, first % 8, last % 8) == string.Empty;
        }

        var masked = PartialMask.KeepFirstLast(value, first % 8, last % 8);
        // A value that already holds mask chars where they would go comes back equal; that reveals nothing new.
        return masked.Length == value.Length && (masked != value || value.Contains('*'));
    }
}
