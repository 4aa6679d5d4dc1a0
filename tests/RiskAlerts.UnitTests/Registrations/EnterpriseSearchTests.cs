using RiskAlerts.Core.Registrations.List;

namespace RiskAlerts.UnitTests.Registrations;

public sealed class EnterpriseSearchTests
{
    private static EnterpriseSearch Named(string text) => EnterpriseSearch.All with { NameContains = EnterpriseSearch.NameKey(text) };

    [Theory]
    [InlineData("长春", "吉林省长春市示例科技有限公司")]
    [InlineData("有限公司", "吉林省长春市示例科技有限公司")]
    [InlineData("(长春)", "示例（长春）物流有限公司")]
    [InlineData("abc", "长春ＡＢＣ数据有限公司")]
    [InlineData("ＡＢＣ数据", "长春abc数据有限公司")]
    public void ANameIsFoundByAnyPartOfItInEitherWidthAndAnyLatinCase(string query, string name) =>
        Assert.True(Named(query).NameMatches(name));

    [Theory]
    [InlineData("长春", "吉林市示例科技有限公司")]
    [InlineData("长 春", "长春示例科技有限公司")]
    public void ANameWithoutThePartIsNotFound(string query, string name) =>
        Assert.False(Named(query).NameMatches(name));

    [Fact]
    public void ASearchWithoutANameFindsEveryName() =>
        Assert.True(EnterpriseSearch.All.NameMatches("任何名称"));
}
