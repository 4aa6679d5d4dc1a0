using System.Text;
using RiskAlerts.Core.Regions;

namespace RiskAlerts.UnitTests.Regions;

public sealed class RegionCatalogTests
{
    private static readonly RegionCatalog Catalog = RegionCatalog.Default;

    private static RegionCode Code(string text) => RegionCode.Parse(text);

    [Fact]
    public void JilinHasNinePrefecturesAndSixtyNineCounties()
    {
        Assert.Equal(9, Catalog.PrefecturesOf(Code("220000")).Count);
        Assert.Equal(69, Catalog.CountiesUnder(Code("220000")).Count);
    }

    [Fact]
    public void HasThirtyOneProvinces() => Assert.Equal(31, Catalog.Provinces.Count);

    [Fact]
    public void LooksUpNamesAtEveryLevel()
    {
        Assert.Equal("吉林省", Catalog.FindName(Code("220000")));
        Assert.Equal("长春市", Catalog.FindName(Code("220100")));
        Assert.Equal("南关区", Catalog.FindName(Code("220102")));
        Assert.Equal("吉林省 长春市 南关区", Catalog.FindFullName(Code("220102")));
        Assert.Null(Catalog.FindName(Code("229999")));
    }

    [Fact]
    public void ValidatesExistenceNamingTheKnownParent()
    {
        Assert.True(Catalog.Validate(Code("220102"), out _));
        Assert.False(Catalog.Validate(Code("220199"), out var reason));
        Assert.Contains("220100 长春市", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolvesTheCountysPrefectureAndProvince()
    {
        Assert.Equal(Code("220100"), Catalog.PrefectureOf(Code("220102")));
        Assert.Equal(Code("220000"), Catalog.ProvinceOf(Code("220102")));
        Assert.Null(Catalog.PrefectureOf(Code("229901")));
    }

    [Fact]
    public void ListsCountiesUnderAPrefectureInOrder()
    {
        var counties = Catalog.CountiesUnder(Code("220100"));

        Assert.Contains(Code("220102"), counties);
        Assert.All(counties, c => Assert.True(Code("220100").Contains(c)));
        Assert.Equal(counties.Order(), counties);
        Assert.Equal([Code("220102")], Catalog.CountiesUnder(Code("220102")));
    }

    [Theory]
    [InlineData("441900", "东莞市")]
    [InlineData("442000", "中山市")]
    [InlineData("460400", "儋州市")]
    public void TreatsAPrefectureWithoutCountiesAsItsOwnCountyLevelUnit(string text, string name)
    {
        var code = Code(text);

        Assert.True(Catalog.IsCountyLevelUnit(code));
        Assert.Equal(name, Catalog.FindName(code));
        Assert.Equal([code], Catalog.CountiesUnder(code));
        Assert.Equal(code, Catalog.PrefectureOf(code));
    }

    [Fact]
    public void FoldsJiayuguanStreetsIntoOneCountyLevelUnit()
    {
        Assert.Equal([Code("620201")], Catalog.CountiesUnder(Code("620200")));
        Assert.Equal("嘉峪关市", Catalog.FindName(Code("620201")));
        Assert.False(Catalog.IsCountyLevelUnit(Code("620200")));
    }

    [Fact]
    public void KeepsNoStreetLevelCodes()
    {
        Assert.All(Catalog.CountyLevelUnits, c => Assert.InRange(c.Value, 110000, 999999));
        Assert.Equal(Catalog.CountyLevelUnits.Distinct().Count(), Catalog.CountyLevelUnits.Count);
    }

    [Fact]
    public void LoadsANewerEditionFromAStream()
    {
        const string json = """[{"code":"22","name":"吉林省","children":[{"code":"2201","name":"长春市","children":[{"code":"220102","name":"南关区"},{"code":"220199","name":"新区"}]}]}]""";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var catalog = RegionCatalog.Load(stream);

        Assert.Equal("新区", catalog.FindName(Code("220199")));
        Assert.Equal(2, catalog.CountiesUnder(Code("220000")).Count);
    }

    [Fact]
    public void TreatsAPrefectureListedWithoutChildrenAsItsOwnCountyLevelUnit()
    {
        const string json = """[{"code":"22","name":"吉林省","children":[{"code":"2299","name":"新市"}]}]""";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var catalog = RegionCatalog.Load(stream);

        Assert.Equal([Code("229900")], catalog.CountiesUnder(Code("220000")));
    }

    [Fact]
    public void RefusesAChildListedUnderTheWrongParent()
    {
        const string json = """[{"code":"22","name":"吉林省","children":[{"code":"2301","name":"哈尔滨市"}]}]""";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        Assert.Throws<FormatException>(() => RegionCatalog.Load(stream));
    }
}
