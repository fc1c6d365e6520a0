import GRDB
import Testing

@testable import CRM

/// The one masking of personal fields: phone, owner, address and licence number, on Chinese and Latin text,
/// short values and empty ones.
@Suite struct PersonalDataTests {
    @Test func aMobileNumberKeepsItsFirstThreeAndLastFourDigits() {
        #expect(PersonalData.mask("13812341234", column: "phone") == "138****1234")
        #expect(PersonalData.mask("+86 138 1234 5678", column: "phone") == "+86**********5678")
        #expect(PersonalData.mask("05718765", column: "phone") == "057*8765")
    }

    @Test func aShortNumberShowsAtMostItsLastTwoCharacters() {
        #expect(PersonalData.mask("1234567", column: "phone") == "*****67")
        #expect(PersonalData.mask("12345", column: "phone") == "***45")
        #expect(PersonalData.mask("1234", column: "phone") == "****")
        #expect(PersonalData.mask("1", column: "phone") == "*")
    }

    @Test func aLicenceNumberKeepsOnlyItsLastFour() {
        #expect(PersonalData.mask("330106100012", column: "licence_no") == "********0012")
        #expect(PersonalData.mask("L-001", column: "licence_no") == "***01")
    }

    @Test func anOwnersNameKeepsItsFirstCharacter() {
        #expect(PersonalData.mask("张三", column: "owner") == "张*")
        #expect(PersonalData.mask("欧阳娜娜", column: "owner") == "欧***")
        #expect(PersonalData.mask("Li Wei", column: "owner") == "L*****")
        #expect(PersonalData.mask("张", column: "owner") == "*")
    }

    @Test func anAddressIsCutAfterItsDistrict() {
        #expect(PersonalData.mask("浙江省杭州市西湖区文三路90号", column: "address") == "浙江省杭州市西湖区***")
        #expect(PersonalData.mask("浙江省淳安县千岛湖镇1号", column: "address") == "浙江省淳安县***")
        #expect(PersonalData.mask("内蒙古自治区鄂尔多斯市伊金霍洛旗1号", column: "address") == "内蒙古自治区鄂尔多斯市伊金霍洛旗***")
        #expect(PersonalData.mask("浙江省义乌市稠城街道3号", column: "address") == "浙江省义乌市***")
        #expect(PersonalData.mask("杭州市西湖区", column: "address") == "杭州市西湖区")
    }

    @Test func aLatinAddressKeepsOnlyItsLocality() {
        #expect(PersonalData.mask("12 Main Street, Springfield", column: "address") == "***, Springfield")
        #expect(PersonalData.mask("12 Main Street", column: "address") == "***")
        #expect(PersonalData.mask("12 Main Street,", column: "address") == "***")
    }

    @Test func emptyAndNullStayAndOtherColumnsAreUntouched() {
        for column in PersonalData.columns { #expect(PersonalData.mask("", column: column) == "") }
        #expect(PersonalData.display(.null, column: "phone", .masked) == .null)
        #expect(PersonalData.display(13_812_341_234.databaseValue, column: "phone", .masked) == "***".databaseValue)
        #expect(PersonalData.display("张三".databaseValue, column: "name", .masked) == "张三".databaseValue)
        #expect(PersonalData.mask("13812341234", column: "region") == "13812341234")
    }

    @Test func shownValuesAreAsStored() {
        for column in PersonalData.columns {
            #expect(
                PersonalData.display("13812341234".databaseValue, column: column, .shown) == "13812341234".databaseValue
            )
            #expect(
                PersonalData.display("13812341234".databaseValue, column: column, .masked)
                    != "13812341234".databaseValue)
        }
    }
}
