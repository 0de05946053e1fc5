using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class HeaderHintsTests
{
    [Theory]
    [InlineData("身份证号", Entities.ResidentId)]
    [InlineData("身份证", Entities.ResidentId)]
    [InlineData("公民身份号码", Entities.ResidentId)]
    [InlineData("法定代表人身份证号", Entities.ResidentId)]
    [InlineData("sfzh", Entities.ResidentId)]
    [InlineData("SFZHM", Entities.ResidentId)]
    [InlineData("id_no", Entities.ResidentId)]
    [InlineData("idcard", Entities.ResidentId)]
    [InlineData("id_card", Entities.ResidentId)]
    [InlineData("idCardNo", Entities.ResidentId)]
    [InlineData("resident_id", Entities.ResidentId)]
    [InlineData("legal_rep_id_no", Entities.ResidentId)]
    [InlineData("手机", Entities.Mobile)]
    [InlineData("手机号", Entities.Mobile)]
    [InlineData("手机号码", Entities.Mobile)]
    [InlineData("联系电话", Entities.Mobile)]
    [InlineData("联系人电话", Entities.Mobile)]
    [InlineData("sjhm", Entities.Mobile)]
    [InlineData("mobile", Entities.Mobile)]
    [InlineData("contactPhone", Entities.Mobile)]
    [InlineData("phone2", Entities.Mobile)]
    [InlineData("tel", Entities.Mobile)]
    [InlineData("固定电话", Entities.Landline)]
    [InlineData("office_phone", Entities.Landline)]
    [InlineData("统一社会信用代码", Entities.Uscc)]
    [InlineData("信用代码", Entities.Uscc)]
    [InlineData("tyshxydm", Entities.Uscc)]
    [InlineData("uscc", Entities.Uscc)]
    [InlineData("credit_code", Entities.Uscc)]
    [InlineData("姓名", Entities.PersonName)]
    [InlineData("xm", Entities.PersonName)]
    [InlineData("name", Entities.PersonName)]
    [InlineData("person_name", Entities.PersonName)]
    [InlineData("法定代表人", Entities.PersonName)]
    [InlineData("电子邮箱", Entities.Email)]
    [InlineData("e_mail", Entities.Email)]
    [InlineData("client_ip", Entities.IpAddress)]
    [InlineData("ipv6", Entities.IpAddress)]
    [InlineData("银行卡号", Entities.BankCard)]
    public void EntityFor_KnownHeader_ReturnsEntity(string header, string entity)
    {
        Assert.Equal(entity, HeaderHints.EntityFor(header));
    }

    [Theory]
    [InlineData("c01")]
    [InlineData("id")]
    [InlineData("company_name")]
    [InlineData("企业名称")]
    [InlineData("hotel")]
    [InlineData("xm_code")]
    [InlineData("district")]
    [InlineData("")]
    public void EntityFor_UnrelatedHeader_ReturnsNull(string header)
    {
        Assert.Null(HeaderHints.EntityFor(header));
    }
}
