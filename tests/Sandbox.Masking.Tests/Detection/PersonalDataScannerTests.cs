using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class PersonalDataScannerTests
{
    [Theory]
    [InlineData("客户来电，联系电话13912345678，请回访", Entities.Mobile)]
    [InlineData("电话:13912345678", Entities.Mobile)]
    [InlineData("send to user1@example.com please", Entities.Email)]
    [InlineData("车辆苏A12345违停", Entities.LicensePlate)]
    [InlineData("住址：南京市江宁区天元中路123号，已核实", Entities.Address)]
    [InlineData("卡号6222020200112233445", null)] // fails Luhn (look-alike)
    [InlineData("订单号 123456789012345678 已发货", null)] // an order number
    [InlineData("江宁区企业年报已提交", null)]
    [InlineData("", null)]
    [InlineData("回电 +86 139 1234 5678 即可", Entities.Mobile)] // a grouped number spans tokens
    [InlineData("id=13912345678;", Entities.Mobile)] // '=' separates a label from its value
    public void Find_Text_FindsEmbeddedEntity(string text, string? entity)
    {
        Assert.Equal(entity, Detectors.FindIn(text)?.Entity);
    }

    [Theory]
    [InlineData("联系电话 139 1234 5678")]
    [InlineData("备注：user1@example.com。")]
    [InlineData("Tel13912345678")]
    public void Find_ValuesWrittenTheWayPeopleWriteThem(string text) =>
        Assert.NotNull(PersonalDataScanner.Find(text));

    [Theory]
    [InlineData(' ', true)]
    [InlineData('，', true)]
    [InlineData('=', true)]
    [InlineData(':', true)]
    [InlineData('@', false)]
    [InlineData('.', false)]
    [InlineData('+', false)]
    [InlineData('7', false)]
    public void IsSeparator_KeepsIdentifierPunctuationInsideTokens(char c, bool separator) =>
        Assert.Equal(separator, PersonalDataScanner.IsSeparator(c));

    [Fact]
    public void Find_ResidentIdInText_FindsIt()
    {
        var id = new Synthetic(5).ResidentId();

        Assert.Equal(Entities.ResidentId, Detectors.FindIn($"申请人身份证{id}，材料齐全")?.Entity);
    }
}
