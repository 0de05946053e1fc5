using Sandbox.Documents;

namespace Sandbox.Policy.Tests.Documents;

public sealed class PolicyDocumentExceptionTests
{
    [Fact]
    public void ToString_Error_ReadsFileLineFieldMessage()
    {
        var error = new PolicyError("grants/a.yaml", 7, "period.to", "the period ends before it starts");

        Assert.Equal("grants/a.yaml:7: period.to: the period ends before it starts", error.ToString());
    }

    [Fact]
    public void Message_OneError_IsThatError()
    {
        var exception = new PolicyDocumentException([new PolicyError("a.yaml", 1, "id", "is required")]);

        Assert.Equal("a.yaml:1: id: is required", exception.Message);
    }

    [Fact]
    public void Message_SeveralErrors_ListsEachOnItsOwnLine()
    {
        var exception = new PolicyDocumentException(
        [
            new PolicyError("a.yaml", 1, "id", "is required"),
            new PolicyError("a.yaml", 2, "zone", "expected comprehensive or industry:<name>, found 'x'"),
            new PolicyError("a.yaml", 3, "period", "is required"),
        ]);

        Assert.Equal(["a.yaml:1: id: is required", "a.yaml:2: zone: expected comprehensive or industry:<name>, found 'x'", "a.yaml:3: period: is required"], exception.Message.Split('\n'));
        Assert.Equal(3, exception.Errors.Count);
    }

    [Fact]
    public void Constructor_NoErrors_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PolicyDocumentException([]));
    }
}
